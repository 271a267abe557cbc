#include "security_pki.hpp"

#include <atomic>
#include <fstream>
#include <stdexcept>

#include "meterhub/testing/process.hpp"

namespace meterhub::it {

using namespace std::chrono_literals;

void run_openssl(const std::filesystem::path& dir, std::vector<std::string> args) {
  static std::atomic<int> runs{0};
  args.insert(args.begin(), "openssl");
  testing::process p{args, dir, "openssl-" + std::to_string(runs++)};
  if (!p.wait_exit(30s) || p.exit_code() != 0)
    throw std::runtime_error("openssl " + args.at(1) + " failed: " + p.stderr_text());
}

namespace {

/// A fresh P-256 key and a request (or, with `-x509`, a self-signed certificate) for `subject`.
std::vector<std::string> new_key(const cert_files& out, const std::string& subject) {
  return {"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
          out.key.string(), "-subj", subject};
}

} // namespace

test_ca::test_ca(std::filesystem::path dir, std::string name)
  : dir_(std::move(dir)), name_(std::move(name)), ca_{dir_ / (name_ + "-ca.crt"), dir_ / (name_ + "-ca.key")} {
  auto args = new_key(ca_, "/CN=" + name_ + " test CA");
  for (std::string a : {"-x509", "-days", "2", "-out", ca_.cert.c_str()})
    args.push_back(a);
  run_openssl(dir_, args);
}

cert_files test_ca::issue(const std::string& name, const std::string& san) const {
  const cert_files out{dir_ / (name + ".crt"), dir_ / (name + ".key")};
  const auto request = dir_ / (name + ".csr");
  const auto extensions = dir_ / (name + ".ext");
  std::ofstream(extensions) << "subjectAltName=" << san << "\n"
                            << "basicConstraints=CA:FALSE\n"
                            << "keyUsage=digitalSignature,keyEncipherment\n"
                            << "extendedKeyUsage=serverAuth,clientAuth\n";
  auto args = new_key(out, "/CN=" + name);
  args.push_back("-out");
  args.push_back(request.string());
  run_openssl(dir_, args);
  run_openssl(dir_, {"x509", "-req", "-in", request.string(), "-CA", ca_.cert.string(), "-CAkey", ca_.key.string(),
                     "-CAcreateserial", "-days", "2", "-extfile", extensions.string(), "-out", out.cert.string()});
  return out;
}

} // namespace meterhub::it
