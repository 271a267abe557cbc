#include "meterhub/ssh/known_hosts.hpp"

#include <fstream>
#include <random>

#include <catch2/catch.hpp>
#include <libssh/libssh.h>

#include "meterhub/ssh/endpoint.hpp"
#include "meterhub/ssh/error.hpp"

using namespace meterhub;
using namespace meterhub::ssh;

namespace {

/// A fresh ed25519 key made by libssh: its known_hosts form ("ssh-ed25519 AAAA…") and its SHA256 fingerprint.
struct sample_key {
  std::string line_part;
  std::string fingerprint;
};

sample_key make_key() {
  ssh_key key = nullptr;
  REQUIRE(ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) == SSH_OK);
  char* b64 = nullptr;
  REQUIRE(ssh_pki_export_pubkey_base64(key, &b64) == SSH_OK);
  unsigned char* hash = nullptr;
  size_t len = 0;
  REQUIRE(ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) == SSH_OK);
  char* fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  sample_key out{std::string{"ssh-ed25519 "} + b64, std::string{"ssh-ed25519 "} + fp};
  ssh_string_free_char(fp);
  ssh_clean_pubkey_hash(&hash);
  ssh_string_free_char(b64);
  ssh_key_free(key);
  return out;
}

/// A file under the temporary folder, removed when the test ends.
struct scratch_file {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("meterhub-known-hosts-" + std::to_string(std::random_device{}()));
  ~scratch_file() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

} // namespace

TEST_CASE("listed_keys finds every key of one server and skips other hosts, comments and damaged lines") {
  const auto a = make_key();
  const auto b = make_key();
  const auto other = make_key();
  scratch_file file;
  {
    std::ofstream out(file.path);
    out << "# a comment\n\n"
        << "10.0.0.9 " << other.line_part << "\n"
        << "[127.0.0.1]:2222 " << a.line_part << " first\n"
        << "127.0.0.1 " << other.line_part << "\n"
        << "[127.0.0.1]:2222 ssh-ed25519 not-base64\n"
        << "10.0.0.9,[127.0.0.1]:2222 " << b.line_part << "\n";
  }
  auto keys = listed_keys(file.path, known_hosts_name("127.0.0.1", 2222));
  REQUIRE(keys);
  CHECK(*keys == std::vector<std::string>{a.fingerprint, b.fingerprint});
  CHECK(a.fingerprint.rfind("ssh-ed25519 SHA256:", 0) == 0);

  auto on_22 = listed_keys(file.path, known_hosts_name("127.0.0.1", 22));
  REQUIRE(on_22);
  CHECK(*on_22 == std::vector<std::string>{other.fingerprint});
}

TEST_CASE("a missing known_hosts file lists nothing, a folder in its place is an error") {
  scratch_file file;
  auto none = listed_keys(file.path, "[127.0.0.1]:2222");
  REQUIRE(none);
  CHECK(none->empty());

  std::filesystem::create_directories(file.path);
  auto folder = listed_keys(file.path, "[127.0.0.1]:2222");
  REQUIRE_FALSE(folder);
  CHECK(static_cast<ssh_errc>(folder.error().code()) == ssh_errc::known_hosts_error);
}
