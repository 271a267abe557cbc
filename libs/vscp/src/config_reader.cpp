#include "config_reader.hpp"

#include <array>
#include <limits>

#include "meterhub/vscp/error.hpp"
#include "python_space.hpp"

namespace meterhub::vscp::detail {

namespace {

constexpr std::array<std::string_view, 4> true_words{"true", "yes", "on", "1"};
constexpr std::array<std::string_view, 4> false_words{"false", "no", "off", "0"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& words, std::string_view w) noexcept {
  for (auto x : words)
    if (x == w)
      return true;
  return false;
}

const char* word(bool b) noexcept {
  return b ? "true" : "false";
}

} // namespace

std::string key_name(const ini_section& s, std::string_view key) {
  return s.name + "." + std::string{key};
}

std::optional<std::int64_t> parse_python_int(std::string_view text) noexcept {
  text = strip(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() == '_' || text.back() == '_')
    return std::nullopt;
  constexpr std::int64_t cap = std::numeric_limits<std::int64_t>::max() / 10 - 10;
  std::int64_t v = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_' && text[i - 1] != '_')
      continue;
    if (c < '0' || c > '9')
      return std::nullopt;
    v = v > cap ? cap : v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

void config_reader::warn(const ini_section& s, std::string_view key, std::string reason) {
  out.warnings.push_back({key_name(s, key), std::move(reason)});
}

bool config_reader::has(const ini_section& s, std::string_view key) const noexcept {
  return doc.lookup(s, key) != nullptr;
}

caf::expected<std::optional<std::string>> config_reader::text(const ini_section& s, std::string_view key) const {
  const auto* opt = doc.lookup(s, key);
  if (opt == nullptr)
    return std::optional<std::string>{};
  auto value = interpolate(doc, s, *opt);
  if (!value)
    return value.error();
  return std::optional<std::string>{std::move(*value)};
}

caf::expected<std::optional<bool>> config_reader::boolean(const ini_section& s, std::string_view key) {
  auto value = text(s, key);
  if (!value || !*value)
    return value ? caf::expected<std::optional<bool>>{std::nullopt} : value.error();
  const auto& v = **value;
  const auto folded = lower(v);
  // The script: `-1 != value.find('true')`, case-sensitive, anywhere in the text.
  const bool script = v.find("true") != std::string::npos;
  const bool is_true = one_of(true_words, folded);
  if (!is_true && !one_of(false_words, folded)) {
    warn(s, key, "'" + v + "' is not true/false, yes/no, on/off or 1/0; read as " + word(script) +
                   " as vscp-python-p1-power-meter did (true when the text contains 'true')");
    return std::optional<bool>{script};
  }
  if (is_true != script)
    warn(s, key, "'" + v + "' is read as " + word(is_true) + "; vscp-python-p1-power-meter read it as " +
                   word(script) + " (it looks for the lower-case text 'true')");
  return std::optional<bool>{is_true};
}

caf::expected<std::optional<std::int64_t>> config_reader::integer(const ini_section& s, std::string_view key,
                                                                  std::int64_t lo, std::int64_t hi) const {
  auto value = text(s, key);
  if (!value)
    return value.error();
  if (!*value)
    return std::optional<std::int64_t>{};
  const auto n = parse_python_int(**value);
  if (!n)
    return make_error(vscp_errc::bad_value, key_name(s, key) + ": '" + **value + "' is not an integer");
  if (*n < lo || *n > hi)
    return make_error(vscp_errc::bad_value, key_name(s, key) + ": " + std::string{strip(**value)} +
                                              " is out of range " + std::to_string(lo) + ".." +
                                              std::to_string(hi));
  return std::optional<std::int64_t>{*n};
}

} // namespace meterhub::vscp::detail
