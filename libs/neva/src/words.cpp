#include "meterhub/neva/words.hpp"

#include "fields.hpp"
#include "meterhub/neva/error.hpp"

namespace meterhub::neva {

caf::expected<std::uint16_t> decode_status_word(std::string_view field) {
  if (field.size() != 4)
    return detail::field_error(neva_errc::bad_format, "word is not 4 hex digits:", field);
  unsigned word = 0;
  for (char c : field) {
    const int nibble = detail::hex_digit(c);
    if (nibble < 0)
      return detail::field_error(neva_errc::bad_format, "word is not 4 hex digits:", field);
    word = word * 16 + static_cast<unsigned>(nibble);
  }
  return static_cast<std::uint16_t>(word);
}

caf::expected<configuration_word> decode_configuration_word(std::string_view field) {
  auto word = decode_status_word(field);
  if (!word)
    return word.error();
  return configuration_word{*word};
}

caf::expected<std::string> decode_text(std::string_view field) {
  for (char c : field)
    if (c < 0x20 || c > 0x7E)
      return detail::field_error(neva_errc::bad_text, "text has a non-printable byte:", field);
  while (!field.empty() && field.back() == ' ')
    field.remove_suffix(1);
  if (field.size() > max_text_size)
    return detail::field_error(neva_errc::bad_text, "text longer than 16 characters:", field);
  return std::string{field};
}

} // namespace meterhub::neva
