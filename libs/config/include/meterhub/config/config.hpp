#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>

#include "meterhub/core/error.hpp"

namespace YAML {
class Node;
}

/// Service configuration: one YAML file, environment overrides for containers, and validation that names the exact
/// key and the reason ("bus.port: expected an integer from 1 to 65535, got \"abc\"").
///
/// Why a recording reader instead of exceptions: a service reads every key it knows, then reports all problems at
/// once and refuses to start; an operator fixes the file in one go instead of one error per restart.
namespace meterhub::config {

enum class config_errc : std::uint8_t {
  cannot_read = 1, ///< the file is missing or unreadable
  syntax,          ///< not YAML (names line and column)
  invalid,         ///< keys with wrong values (the message lists every one)
};

const char* to_string(config_errc code) noexcept;

/// Looks up an environment variable; injectable so tests do not depend on the real environment.
using env_lookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment.
env_lookup process_environment();

/// The names of every variable in the process environment (to find misspelt overrides).
std::vector<std::string> environment_names();

class document;

/// A view of one mapping in the document with its dotted path. Every accessor records a problem instead of failing;
/// `document::check()` reports them all.
class reader {
public:
  /// An optional key with a default. T: bool, std::int64_t, int, double, std::string.
  template <class T>
  T get(std::string_view key, T fallback) const;

  /// An integer within [min, max].
  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;

  /// A key that must be present.
  std::string require_string(std::string_view key) const;

  /// "250ms", "20s", "5m", "2h", "7d".
  std::chrono::milliseconds duration(std::string_view key, std::chrono::milliseconds fallback) const;

  /// "64MiB", "10MB", "512KiB", "1GiB", or a plain number of bytes.
  std::uint64_t bytes(std::string_view key, std::uint64_t fallback) const;

  /// One of `choices`.
  std::string choice(std::string_view key, std::string fallback, std::initializer_list<std::string_view> choices) const;

  /// A secret from `key` (inline), `key_file` (file contents, trailing newline trimmed) or `key_env` (variable
  /// name). Empty when none is set. The value never appears in any message.
  std::string secret(std::string_view key) const;

  /// A file system path; relative paths are taken relative to the config file's folder.
  std::filesystem::path path(std::string_view key, std::filesystem::path fallback = {}) const;

  /// A list of strings (a YAML sequence, or a comma-separated string).
  std::vector<std::string> strings(std::string_view key) const;

  /// A nested mapping; a missing key gives an empty section whose accessors return their defaults.
  reader section(std::string_view key) const;

  /// The mappings of a sequence.
  std::vector<reader> items(std::string_view key) const;

  /// True when the key is present (in the file or the environment).
  bool has(std::string_view key) const;

  /// Records an error for every key of this mapping that is not in `known` (typos would otherwise be ignored):
  /// "bus.pasword: unknown key (known keys: url, client_id, ...)". Only keys written in the file are checked; an
  /// environment variable names a key by itself and cannot be misspelt into a different section's key.
  void allow_only(std::initializer_list<std::string_view> known) const;

  /// The same for a list assembled at run time (a shared section plus a service's own keys).
  void allow_only(const std::vector<std::string_view>& known) const;

  /// Records a problem about `key` found by the caller's own validation.
  void fail(std::string_view key, std::string_view reason) const;

  /// The dotted path of `key` in this mapping ("bus.tls.ca_file", "meters[0].port").
  std::string path_of(std::string_view key) const;

private:
  friend class document;
  struct state;
  reader(std::shared_ptr<state> st, std::string prefix, std::shared_ptr<const YAML::Node> node);
  std::optional<std::string> scalar(std::string_view key) const;
  std::string env_name(std::string_view key) const;
  /// The start of every override variable of this section's keys: "METERHUB_" at the top, "METERHUB_BUS__" in bus.
  std::string env_stem() const;

  std::shared_ptr<state> state_;
  std::string prefix_;
  std::shared_ptr<const YAML::Node> node_; // null for a missing section
};

/// A loaded configuration.
class document {
public:
  static caf::expected<document> load_file(const std::filesystem::path& file, std::string env_prefix = "METERHUB",
                                           env_lookup env = process_environment());
  static caf::expected<document> load_string(std::string_view text, std::string env_prefix = "METERHUB",
                                             env_lookup env = process_environment(),
                                             std::filesystem::path base_dir = ".");

  /// A service's configuration: `file`, or with an empty path none (the embedded defaults and the environment).
  static caf::expected<document> load(const std::filesystem::path& file);

  reader root() const;

  /// Every problem recorded so far, one per line; empty when the configuration is valid.
  std::vector<std::string> problems() const;

  /// An error listing every problem, or none. Also reports environment overrides (`{prefix}_SECTION__KEY`) that
  /// name no key of a section that declared its keys with `allow_only`: a misspelt variable in a container would
  /// otherwise be ignored without a word. One-word names (`{prefix}_GATEWAY`) are not overrides and pass.
  caf::error check() const;

  /// The same, with the environment's variable names given (tests).
  caf::error check(const std::vector<std::string>& environment) const;

private:
  explicit document(std::shared_ptr<reader::state> st) : state_(std::move(st)) {}
  static caf::expected<document> parse(std::string_view text, std::string env_prefix, env_lookup env,
                                       std::filesystem::path base_dir, std::string_view origin);
  std::shared_ptr<reader::state> state_;
  std::shared_ptr<const YAML::Node> root_;
};

} // namespace meterhub::config

CAF_ERROR_CODE_ENUM(meterhub::config::config_errc, "config")
