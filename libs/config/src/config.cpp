#include "meterhub/config/config.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <yaml-cpp/yaml.h>

namespace meterhub::config {

const char* to_string(config_errc code) noexcept {
  switch (code) {
    case config_errc::cannot_read:
      return "cannot_read";
    case config_errc::syntax:
      return "syntax";
    case config_errc::invalid:
      return "invalid";
  }
  return "unknown";
}

env_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr)
      return std::nullopt;
    return std::string{v};
  };
}

std::vector<std::string> environment_names() {
  std::vector<std::string> names;
  for (char** e = ::environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry{*e};
    names.emplace_back(entry.substr(0, entry.find('=')));
  }
  return names;
}

/// A section that declared its keys with allow_only: its dotted path and its keys.
struct known_section {
  std::string path;
  std::vector<std::string> keys;
};

struct reader::state {
  std::string env_prefix;
  env_lookup env;
  std::filesystem::path base_dir;
  std::vector<std::string> problems;
  /// The sections that called allow_only, by override stem ("METERHUB_BUS__").
  std::map<std::string, known_section> known;
};

namespace {

std::string in_quotes(std::string_view s) {
  return "\"" + std::string{s} + "\"";
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty())
    return std::nullopt;
  return v;
}

std::optional<bool> to_bool(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "true" || s == "yes" || s == "on" || s == "1")
    return true;
  if (s == "false" || s == "no" || s == "off" || s == "0")
    return false;
  return std::nullopt;
}

std::optional<double> to_double(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size())
    return std::nullopt;
  return v;
}

/// Splits "250ms" into 250 and "ms".
std::optional<std::pair<std::int64_t, std::string>> number_and_suffix(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p == s.data() || v < 0)
    return std::nullopt;
  return std::make_pair(v, std::string{p, static_cast<std::size_t>(s.data() + s.size() - p)});
}

} // namespace

reader::reader(std::shared_ptr<state> st, std::string prefix, std::shared_ptr<const YAML::Node> node)
  : state_(std::move(st)), prefix_(std::move(prefix)), node_(std::move(node)) {
}

std::string reader::path_of(std::string_view key) const {
  return prefix_.empty() ? std::string{key} : prefix_ + "." + std::string{key};
}

namespace {

/// "bus.tls.ca_file" -> "BUS__TLS__CA_FILE", "meters[0].port" -> "METERS__0__PORT".
std::string env_form(std::string_view path) {
  std::string name;
  for (char c : path) {
    if (c == '.' || c == '[')
      name += "__";
    else if (c != ']')
      name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

} // namespace

std::string reader::env_name(std::string_view key) const {
  return state_->env_prefix + "_" + env_form(path_of(key));
}

std::string reader::env_stem() const {
  return state_->env_prefix + "_" + (prefix_.empty() ? std::string{} : env_form(prefix_) + "__");
}

void reader::fail(std::string_view key, std::string_view reason) const {
  state_->problems.push_back(path_of(key) + ": " + std::string{reason});
}

std::optional<std::string> reader::scalar(std::string_view key) const {
  if (auto env = state_->env(env_name(key)))
    return env;
  if (!node_)
    return std::nullopt;
  const YAML::Node child = (*node_)[std::string{key}];
  if (!child.IsDefined() || child.IsNull())
    return std::nullopt;
  if (!child.IsScalar()) {
    fail(key, "expected a single value, got a " + std::string{child.IsMap() ? "mapping" : "list"});
    return std::nullopt;
  }
  return child.Scalar();
}

bool reader::has(std::string_view key) const {
  if (state_->env(env_name(key)))
    return true;
  return node_ && (*node_)[std::string{key}].IsDefined() && !(*node_)[std::string{key}].IsNull();
}

template <>
std::string reader::get<std::string>(std::string_view key, std::string fallback) const {
  return scalar(key).value_or(std::move(fallback));
}

template <>
bool reader::get<bool>(std::string_view key, bool fallback) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  if (auto v = to_bool(*text))
    return *v;
  fail(key, "expected true or false, got " + in_quotes(*text));
  return fallback;
}

template <>
std::int64_t reader::get<std::int64_t>(std::string_view key, std::int64_t fallback) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  if (auto v = to_int(*text))
    return *v;
  fail(key, "expected an integer, got " + in_quotes(*text));
  return fallback;
}

template <>
int reader::get<int>(std::string_view key, int fallback) const {
  return static_cast<int>(integer(key, fallback, INT32_MIN, INT32_MAX));
}

template <>
double reader::get<double>(std::string_view key, double fallback) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  if (auto v = to_double(*text))
    return *v;
  fail(key, "expected a number, got " + in_quotes(*text));
  return fallback;
}

std::int64_t reader::integer(std::string_view key, std::int64_t fallback, std::int64_t min, std::int64_t max) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  auto v = to_int(*text);
  if (!v || *v < min || *v > max) {
    fail(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
                in_quotes(*text));
    return fallback;
  }
  return *v;
}

std::string reader::require_string(std::string_view key) const {
  auto text = scalar(key);
  if (!text || text->empty()) {
    fail(key, "required key missing");
    return {};
  }
  return *text;
}

std::chrono::milliseconds reader::duration(std::string_view key, std::chrono::milliseconds fallback) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  static const std::pair<const char*, std::int64_t> units[] = {
    {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}};
  if (auto parts = number_and_suffix(*text))
    for (const auto& [suffix, factor] : units)
      if (parts->second == suffix)
        return std::chrono::milliseconds(parts->first * factor);
  fail(key, "expected a duration such as 250ms, 20s, 5m, 2h or 7d, got " + in_quotes(*text));
  return fallback;
}

std::uint64_t reader::bytes(std::string_view key, std::uint64_t fallback) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  static const std::pair<const char*, std::uint64_t> units[] = {
    {"", 1},           {"B", 1},           {"KB", 1000},           {"MB", 1000'000},
    {"GB", 1000'000'000}, {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}};
  if (auto parts = number_and_suffix(*text))
    for (const auto& [suffix, factor] : units)
      if (parts->second == suffix)
        return static_cast<std::uint64_t>(parts->first) * factor;
  fail(key, "expected a size such as 64MiB, 10MB or 4096, got " + in_quotes(*text));
  return fallback;
}

std::string reader::choice(std::string_view key, std::string fallback,
                           std::initializer_list<std::string_view> choices) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end())
    return *text;
  std::string list;
  for (auto c : choices)
    list += (list.empty() ? "" : ", ") + std::string{c};
  fail(key, "expected one of " + list + ", got " + in_quotes(*text));
  return fallback;
}

std::string reader::secret(std::string_view key) const {
  const std::string k{key};
  if (auto env_name_value = scalar(k + "_env")) {
    if (auto v = state_->env(*env_name_value))
      return *v;
    fail(k + "_env", "the environment variable " + *env_name_value + " is not set");
    return {};
  }
  if (has(k + "_file")) {
    auto file = path(k + "_file");
    std::ifstream in(file);
    if (!in) {
      fail(k + "_file", "cannot read " + file.string());
      return {};
    }
    std::ostringstream s;
    s << in.rdbuf();
    auto value = s.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r'))
      value.pop_back();
    return value;
  }
  return scalar(key).value_or("");
}

std::filesystem::path reader::path(std::string_view key, std::filesystem::path fallback) const {
  auto text = scalar(key);
  if (!text)
    return fallback;
  std::filesystem::path p{*text};
  if (p.is_relative() && !p.empty())
    p = state_->base_dir / p;
  return p.lexically_normal();
}

std::vector<std::string> reader::strings(std::string_view key) const {
  std::vector<std::string> out;
  if (auto env = state_->env(env_name(key))) {
    std::stringstream s{*env};
    for (std::string item; std::getline(s, item, ',');)
      if (!item.empty())
        out.push_back(item);
    return out;
  }
  if (!node_)
    return out;
  const YAML::Node child = (*node_)[std::string{key}];
  if (!child.IsDefined())
    return out;
  if (child.IsScalar()) {
    std::stringstream s{child.Scalar()};
    for (std::string item; std::getline(s, item, ',');)
      if (!item.empty())
        out.push_back(item);
    return out;
  }
  if (child.IsSequence())
    for (const auto& item : child)
      out.push_back(item.IsScalar() ? item.Scalar() : std::string{});
  return out;
}

reader reader::section(std::string_view key) const {
  std::shared_ptr<const YAML::Node> child;
  if (node_) {
    const YAML::Node n = (*node_)[std::string{key}];
    if (n.IsDefined() && n.IsMap())
      child = std::make_shared<const YAML::Node>(n);
    else if (n.IsDefined() && !n.IsNull())
      fail(key, "expected a mapping of keys");
  }
  return reader{state_, path_of(key), child};
}

std::vector<reader> reader::items(std::string_view key) const {
  std::vector<reader> out;
  if (!node_)
    return out;
  const YAML::Node seq = (*node_)[std::string{key}];
  if (!seq.IsDefined() || seq.IsNull())
    return out;
  if (!seq.IsSequence()) {
    fail(key, "expected a list");
    return out;
  }
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const auto item_path = path_of(key) + "[" + std::to_string(i) + "]";
    if (!seq[i].IsMap()) {
      state_->problems.push_back(item_path + ": expected a mapping of keys");
      continue;
    }
    out.push_back(reader{state_, item_path, std::make_shared<const YAML::Node>(seq[i])});
  }
  return out;
}

void reader::allow_only(std::initializer_list<std::string_view> known) const {
  allow_only(std::vector<std::string_view>{known});
}

void reader::allow_only(const std::vector<std::string_view>& known) const {
  auto& record = state_->known[env_stem()]; // sections absent from the file still check their overrides
  record.path = prefix_;
  record.keys.assign(known.begin(), known.end());
  if (!node_)
    return;
  for (const auto& kv : *node_) {
    const auto name = kv.first.Scalar();
    if (std::find(known.begin(), known.end(), name) != known.end())
      continue;
    std::string list;
    for (auto k : known)
      list += (list.empty() ? "" : ", ") + std::string{k};
    fail(name, "unknown key (known keys: " + list + ")");
  }
}

caf::expected<document> document::load_string(std::string_view text, std::string env_prefix, env_lookup env,
                                               std::filesystem::path base_dir) {
  return parse(text, std::move(env_prefix), std::move(env), std::move(base_dir), "");
}

caf::expected<document> document::parse(std::string_view text, std::string env_prefix, env_lookup env,
                                        std::filesystem::path base_dir, std::string_view origin) {
  const std::string where = origin.empty() ? std::string{} : std::string{origin} + ": ";
  auto st = std::make_shared<reader::state>();
  st->env_prefix = std::move(env_prefix);
  st->env = std::move(env);
  st->base_dir = std::move(base_dir);
  try {
    auto root = std::make_shared<YAML::Node>(YAML::Load(std::string{text}));
    if (!root->IsMap() && !root->IsNull())
      return make_error(config_errc::syntax, where + "the top level must be a mapping of keys");
    document doc{st};
    doc.root_ = root->IsNull() ? nullptr : root;
    return doc;
  } catch (const YAML::Exception& e) {
    return make_error(config_errc::syntax, where + "line " + std::to_string(e.mark.line + 1) + ", column " +
                                             std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
}

caf::expected<document> document::load_file(const std::filesystem::path& file, std::string env_prefix,
                                             env_lookup env) {
  std::ifstream in(file);
  if (!in)
    return make_error(config_errc::cannot_read, file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return parse(s.str(), std::move(env_prefix), std::move(env), file.parent_path(), file.string());
}

caf::expected<document> document::load(const std::filesystem::path& file) {
  return file.empty() ? load_string("") : load_file(file);
}

reader document::root() const {
  return reader{state_, "", root_};
}

std::vector<std::string> document::problems() const {
  return state_->problems;
}

caf::error document::check() const {
  return check(environment_names());
}

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// The problem with override `variable` if it lies in a section with declared keys and names none of them.
std::optional<std::string> unknown_override(const std::string& variable,
                                            const std::map<std::string, known_section>& known) {
  for (const auto& [stem, section] : known) {
    if (variable.size() <= stem.size() || variable.compare(0, stem.size(), stem) != 0)
      continue;
    // "PASWORD", or "TLS__CA_FILE" whose first part must be a key here (the deeper section judges the rest).
    const auto rest = variable.substr(stem.size());
    const auto key = lower(rest.substr(0, rest.find("__")));
    if (std::find(section.keys.begin(), section.keys.end(), key) != section.keys.end())
      continue;
    std::string list;
    for (const auto& k : section.keys)
      list += (list.empty() ? "" : ", ") + k;
    return variable + ": overrides no key (" + (section.path.empty() ? key : section.path + "." + key) +
           " is unknown; known keys: " + list + ")";
  }
  return std::nullopt;
}

} // namespace

caf::error document::check(const std::vector<std::string>& environment) const {
  auto problems = state_->problems;
  const auto prefix = state_->env_prefix + "_";
  for (const auto& variable : environment) {
    // Overrides are SECTION__KEY (every top-level key is a section); one-word names such as METERHUB_GATEWAY and
    // METERHUB_TOKEN are meterhubctl's, set in the same shells.
    if (variable.compare(0, prefix.size(), prefix) != 0 || variable.find("__", prefix.size()) == std::string::npos)
      continue;
    if (auto problem = unknown_override(variable, state_->known); problem && state_->env(variable))
      problems.push_back(*problem);
  }
  if (problems.empty())
    return {};
  std::string text;
  for (const auto& p : problems)
    text += "\n  " + p;
  return make_error(config_errc::invalid, std::to_string(problems.size()) + " problem(s):" + text);
}

} // namespace meterhub::config
