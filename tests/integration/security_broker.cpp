#include "security_broker.hpp"

#include <fstream>
#include <stdexcept>

#include <pwd.h>
#include <unistd.h>

namespace meterhub::it {

using namespace std::chrono_literals;

namespace {

/// Hands `path` to the `mosquitto` user when we are root (Mosquitto runs as that user after it starts).
void give_to_broker_user(const std::filesystem::path& path) {
  if (::geteuid() != 0)
    return;
  if (const passwd* user = ::getpwnam("mosquitto"))
    if (::chown(path.c_str(), user->pw_uid, user->pw_gid) != 0)
      throw std::runtime_error("cannot hand " + path.string() + " to the mosquitto user");
}

std::filesystem::path copy_for_broker(const std::filesystem::path& from, const std::filesystem::path& dir) {
  const auto to = dir / from.filename();
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  give_to_broker_user(to);
  return to;
}

} // namespace

tls_broker::tls_broker(const std::filesystem::path& dir, const test_ca& ca, const cert_files& server,
                       const tls_broker_options& options)
  : dir_(dir / "tls-broker"), port_(testing::free_port()) {
  std::filesystem::create_directories(dir_);
  give_to_broker_user(dir_);
  const auto passwords = dir_ / "passwords";
  {
    testing::process mkpasswd{{"mosquitto_passwd", "-b", "-c", passwords.string(), options.username, options.password},
                              dir_, "mosquitto_passwd"};
    if (!mkpasswd.wait_exit(10s) || mkpasswd.exit_code() != 0)
      throw std::runtime_error("mosquitto_passwd failed: " + mkpasswd.stderr_text());
  }
  give_to_broker_user(passwords);
  const auto conf = dir_ / "mosquitto.conf";
  std::ofstream(conf) << "listener " << port_ << " 127.0.0.1\n"
                      << "cafile " << copy_for_broker(ca.cert(), dir_).string() << "\n"
                      << "certfile " << copy_for_broker(server.cert, dir_).string() << "\n"
                      << "keyfile " << copy_for_broker(server.key, dir_).string() << "\n"
                      << "require_certificate " << (options.require_client_cert ? "true" : "false") << "\n"
                      << "allow_anonymous false\n"
                      << "password_file " << passwords.string() << "\n"
                      << "persistence false\n"
                      << "log_dest stderr\n"
                      << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n";
  proc_ = std::make_unique<testing::process>(std::vector<std::string>{"/usr/sbin/mosquitto", "-c", conf.string()},
                                             dir_, "mosquitto");
  if (!testing::wait_for_port(port_, 10s))
    throw std::runtime_error("mosquitto (TLS) did not start on port " + std::to_string(port_) + ": " + log());
}

} // namespace meterhub::it
