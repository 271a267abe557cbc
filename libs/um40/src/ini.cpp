#include "meterhub/um40/ini.hpp"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "meterhub/um40/error.hpp"

namespace meterhub::um40 {

namespace {

constexpr std::string_view default_name = "DEFAULT";
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

/// Python's `str.strip()` and `\s` on ASCII: space, \t…\r and the separators 0x1C…0x1F.
bool is_space(char c) noexcept {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

std::string_view strip(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

char lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

caf::error bad_line(std::size_t line, std::string_view reason) {
  return make_error(um40_errc::bad_ini, "line " + std::to_string(line) + ": " + std::string{reason});
}

/// configparser joins a value's lines and rstrips the result, so blank lines after the last one vanish.
void drop_trailing_blank_lines(ini_section& section) {
  for (auto& e : section.entries)
    while (!e.value.empty() && is_space(e.value.back()))
      e.value.pop_back();
}

/// configparser's `RawConfigParser._read` with strict=True, empty_lines_in_values=True and no inline comment
/// prefixes, fed one line at a time. Its order matters: comments first (so an indented comment inside a value is
/// dropped), then blank lines, then continuation lines (so "  [x]" under a key is text), then headers and keys.
class ini_reader {
public:
  ini_reader() {
    file_.defaults.name = default_name;
  }

  caf::error take(std::string_view line, std::size_t number) {
    const auto text = strip(line);
    if (!text.empty() && (text.front() == '#' || text.front() == ';'))
      return {};
    if (text.empty()) {
      if (entry_ != nullptr)
        entry_->value += '\n'; // kept only if a continuation line follows: `finish` strips trailing ones
      return {};
    }
    const auto indent = static_cast<std::size_t>(std::find_if_not(line.begin(), line.end(), is_space) - line.begin());
    if (entry_ != nullptr && indent > indent_) {
      entry_->value += '\n';
      entry_->value += text;
      return {};
    }
    indent_ = indent;
    // SECTCRE is `\[(?P<header>.+)\]` used with match(): the name runs to the last ']', and text after it is ignored.
    if (text.front() == '[' && text.find(']', 2) != std::string_view::npos)
      return start_section(text.substr(1, text.rfind(']') - 1), number);
    if (section_ == nullptr)
      return bad_line(number, "a key before any [section]");
    return add_key(text, number);
  }

  ini_file finish() && {
    drop_trailing_blank_lines(file_.defaults);
    for (auto& s : file_.named)
      drop_trailing_blank_lines(s);
    return std::move(file_);
  }

private:
  caf::error start_section(std::string_view name, std::size_t number) {
    entry_ = nullptr; // a section cannot start with a continuation line
    if (name == default_name) {
      section_ = &file_.defaults; // configparser merges repeated [DEFAULT] headers (strict mode does not object)
      return {};
    }
    if (!section_names_.emplace(name).second)
      return bad_line(number, "section [" + std::string{name} + "] given twice");
    file_.named.push_back({std::string{name}, {}});
    section_ = &file_.named.back();
    return {};
  }

  caf::error add_key(std::string_view text, std::size_t number) {
    const auto split = text.find_first_of("=:");
    if (split == std::string_view::npos)
      return bad_line(number, "neither a [section], a key = value nor a comment");
    const auto key = strip(text.substr(0, split));
    if (key.empty())
      return bad_line(number, "a value without a key");
    if (!keys_.emplace(section_->name, lowered(key)).second)
      return bad_line(number, "key " + std::string{key} + " given twice in [" + section_->name + "]");
    section_->entries.push_back({std::string{key}, std::string{strip(text.substr(split + 1))}, number});
    entry_ = &section_->entries.back();
    return {};
  }

  ini_file file_;
  ini_section* section_ = nullptr; ///< null before the first header
  ini_entry* entry_ = nullptr;     ///< the key continuation lines extend; null after a header
  std::size_t indent_ = 0;         ///< the indentation of the last header or key line
  std::set<std::string, std::less<>> section_names_;
  std::set<std::pair<std::string, std::string>> keys_; ///< (section, lowercased key): configparser's elements_added
};

const ini_section* find_section(const ini_file& file, std::string_view name) noexcept {
  auto it = std::find_if(file.named.begin(), file.named.end(), [&](const ini_section& s) { return s.name == name; });
  return it == file.named.end() ? nullptr : &*it;
}

bool has_section(const ini_file& file, std::string_view name) noexcept {
  return name == default_name || find_section(file, name) != nullptr;
}

/// configparser's lookup: the section's own key, else [DEFAULT]'s; nothing for an absent section.
const ini_entry* find_entry(const ini_file& file, std::string_view section, std::string_view key) noexcept {
  if (section == default_name)
    return file.defaults.find(key);
  const auto* s = find_section(file, section);
  if (s == nullptr)
    return nullptr;
  const auto* e = s->find(key);
  return e != nullptr ? e : file.defaults.find(key);
}

std::optional<int> port_of(std::string_view text) noexcept {
  int port = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || port < 1 || port > 65535)
    return std::nullopt;
  return port;
}

} // namespace

const ini_entry* ini_section::find(std::string_view key) const noexcept {
  auto same = [&](const ini_entry& e) {
    return e.key.size() == key.size() &&
           std::equal(key.begin(), key.end(), e.key.begin(), [](char a, char b) { return lower(a) == lower(b); });
  };
  auto it = std::find_if(entries.begin(), entries.end(), same);
  return it == entries.end() ? nullptr : &*it;
}

std::optional<std::string> ini_file::get(std::string_view section, std::string_view key) const {
  if (const auto* e = find_entry(*this, section, key))
    return e->value;
  return std::nullopt;
}

std::vector<std::string> ini_file::sections() const {
  std::vector<std::string> names;
  for (const auto& s : named)
    names.push_back(s.name);
  return names;
}

caf::expected<ini_file> parse_ini(std::string_view text) {
  if (text.starts_with(utf8_bom))
    text.remove_prefix(utf8_bom.size());
  ini_reader reader;
  // Python opens the file with universal newlines: "\r\n", "\n" and a lone "\r" each end a line.
  for (std::size_t number = 1; !text.empty(); ++number) {
    const auto end = text.find_first_of("\r\n");
    if (auto err = reader.take(text.substr(0, end), number))
      return err;
    if (end == std::string_view::npos)
      break;
    text.remove_prefix(end + (text.substr(end, 2) == "\r\n" ? 2 : 1));
  }
  return std::move(reader).finish();
}

caf::expected<ini_connection> connection_from_ini(const ini_file& file, std::string_view section) {
  const std::string where = "[" + std::string{section} + "]";
  if (!has_section(file, section))
    return make_error(um40_errc::missing_setting, "settings.ini has no section " + where);
  auto required = [&](std::string_view key) -> caf::expected<std::string> {
    const auto* e = find_entry(file, section, key);
    if (e == nullptr)
      return make_error(um40_errc::missing_setting, where + " has no " + std::string{key});
    if (e->value.empty())
      return make_error(um40_errc::missing_setting, std::string{key} + " of " + where + " is empty");
    return e->value;
  };
  auto host = required("IP_address");
  if (!host)
    return host.error();
  auto user = required("user_login");
  if (!user)
    return user.error();
  ini_connection c{std::move(*host), 22, std::move(*user), {}};
  if (const auto* e = find_entry(file, section, "user_password"))
    c.password = e->value;
  if (const auto* e = find_entry(file, section, "IP_port")) {
    // The value is not quoted: a tester who put the password on the wrong line must not see it in a log.
    auto port = port_of(e->value);
    if (!port)
      return bad_line(e->line, "IP_port of " + where + " is not a port number 1..65535");
    c.port = *port;
  }
  return c;
}

} // namespace meterhub::um40
