#include "meterhub/iec61107/identification.hpp"

#include <string>

#include "meterhub/iec61107/error.hpp"

namespace meterhub::iec61107 {

namespace {

bool is_letter(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_ident_char(char c) noexcept {
  return c >= 0x20 && c < 0x7F && c != '/' && c != '!';
}

caf::error bad(std::string_view why, std::string_view line) {
  std::string detail{"identification "};
  detail.append(why);
  detail += ": \"";
  for (const char c : line)
    detail += (c >= 0x20 && c < 0x7F) ? c : '?';
  detail += '"';
  return make_error(iec61107_errc::malformed_message, detail);
}

} // namespace

caf::expected<identification> parse_identification(std::string_view line) {
  const std::string_view full = line;
  if (line.size() >= 2 && line.substr(line.size() - 2) == "\r\n")
    line.remove_suffix(2);
  if (line.size() < 6 || line[0] != '/')
    return bad("too short or no '/'", full);
  identification id;
  id.maker = std::string{line.substr(1, 3)};
  if (!is_letter(line[1]) || !is_letter(line[2]) || !is_letter(line[3]))
    return bad("maker is not three letters", full);
  id.baud_char = line[4];
  if (id.baud_char < '0' || id.baud_char > '9')
    return bad("baud character is not a digit", full);
  line.remove_prefix(5);
  if (line.size() >= 2 && line[0] == '\\') {
    id.enhanced = line[1];
    line.remove_prefix(2);
  }
  if (line.empty() || line.size() > 16)
    return bad("ident is empty or longer than 16 characters", full);
  for (const char c : line)
    if (!is_ident_char(c))
      return bad("ident holds a character it may not", full);
  id.ident = std::string{line};
  return id;
}

} // namespace meterhub::iec61107
