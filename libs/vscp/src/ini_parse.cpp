#include "meterhub/core/text.hpp"
#include "meterhub/vscp/error.hpp"
#include "meterhub/vscp/ini.hpp"
#include "python_space.hpp"

namespace meterhub::vscp {

namespace {

using detail::strip;

/// The state of configparser's `_read` loop.
struct reader {
  ini_document doc;
  ini_section* current = nullptr;
  ini_option* option = nullptr;          ///< the option continuation lines extend
  std::vector<std::string> pieces;       ///< its lines so far, joined at the end of the option
  std::size_t indent = 0;                ///< the indent level of the last header or option line
  int line = 0;

  caf::error fail(const std::string& why) const {
    return make_error(vscp_errc::syntax, "line " + std::to_string(line) + ": " + why);
  }

  void close_option() {
    if (option == nullptr)
      return;
    std::string joined;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      if (i != 0)
        joined += '\n';
      joined += pieces[i];
    }
    option->value = std::string{detail::rstrip(joined)};
    option = nullptr;
    pieces.clear();
  }

  caf::error header(std::string_view name) {
    close_option();
    if (name == "DEFAULT") {
      current = &doc.defaults;
      return caf::none;
    }
    for (const auto& s : doc.sections)
      if (s.name == name)
        return fail("section [" + std::string{name} + "] given twice (first on line " + std::to_string(s.line) +
                    ")");
    doc.sections.push_back({std::string{name}, line, {}});
    current = &doc.sections.back();
    return caf::none;
  }

  caf::error option_line(std::string_view text, std::size_t delimiter) {
    close_option();
    const auto key = detail::lower(detail::rstrip(text.substr(0, delimiter)));
    if (key.empty())
      return fail("'" + std::string{text} + "' has no key before '" + text[delimiter] + "'");
    if (const auto* old = current->find(key))
      return make_error(vscp_errc::syntax, current->name + "." + key + ": given twice (lines " +
                                             std::to_string(old->line) + " and " + std::to_string(line) + ")");
    current->options.push_back({key, {}, line});
    option = &current->options.back();
    pieces.emplace_back(strip(text.substr(delimiter + 1)));
    return caf::none;
  }

  caf::error feed(std::string_view raw) {
    ++line;
    const auto value = strip(raw);
    const bool comment = value.starts_with('#') || value.starts_with(';');
    if (value.empty() || comment) {
      // empty_lines_in_values: a blank line (not a comment) belongs to the value being read.
      if (!comment && option != nullptr)
        pieces.emplace_back();
      return caf::none;
    }
    const auto level = detail::indent_of(raw);
    if (option != nullptr && level > indent) {
      pieces.emplace_back(value);
      return caf::none;
    }
    indent = level;
    // SECTCRE `\[(?P<header>.+)\]` with match(): up to the last ']' of the line, at least one character.
    if (value.front() == '[') {
      const auto close = value.rfind(']');
      if (close != std::string_view::npos && close >= 2)
        return header(value.substr(1, close - 1));
    }
    if (current == nullptr)
      return fail("'" + std::string{value} + "' comes before any [section] header");
    const auto delimiter = value.find_first_of("=:");
    if (delimiter == std::string_view::npos)
      return fail("'" + std::string{value} + "' is neither a [section] header, a key = value nor a comment");
    return option_line(value, delimiter);
  }
};

/// The next line of `text` without its terminator (\n, \r\n or \r: Python's universal newlines).
std::string_view next_line(std::string_view& text) noexcept {
  const auto end = text.find_first_of("\r\n");
  const auto line = text.substr(0, end);
  if (end == std::string_view::npos) {
    text = {};
  } else {
    const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
    text.remove_prefix(end + (crlf ? 2 : 1));
  }
  return line;
}

} // namespace

const ini_option* ini_section::find(std::string_view key) const noexcept {
  for (const auto& o : options)
    if (o.key == key)
      return &o;
  return nullptr;
}

const ini_section* ini_document::section(std::string_view name) const noexcept {
  for (const auto& s : sections)
    if (s.name == name)
      return &s;
  return nullptr;
}

const ini_option* ini_document::lookup(const ini_section& s, std::string_view key) const noexcept {
  if (const auto* o = s.find(key))
    return o;
  return defaults.find(key);
}

caf::expected<ini_document> parse_ini(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3);
  reader r;
  // Sections live in a vector that grows: keep pointers valid by reserving per header count.
  std::size_t headers = 0;
  for (char c : text)
    headers += c == '[' ? 1 : 0;
  r.doc.sections.reserve(headers);
  while (!text.empty()) {
    const auto line = next_line(text);
    if (!is_valid_utf8(line))
      return make_error(vscp_errc::syntax, "line " + std::to_string(r.line + 1) + ": not valid UTF-8");
    if (auto err = r.feed(line))
      return err;
  }
  r.close_option();
  return std::move(r.doc);
}

} // namespace meterhub::vscp
