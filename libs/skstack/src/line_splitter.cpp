#include "meterhub/skstack/line_splitter.hpp"

#include <algorithm>
#include <string_view>

#include "hex.hpp"
#include "meterhub/skstack/error.hpp"

namespace meterhub::skstack {

namespace {

constexpr std::string_view erxudp_prefix = "ERXUDP ";

/// Tokens up to and including DATALEN, the command word counted (spec §9.3: data is the 9th / 11th token).
std::size_t header_tokens(module_model model) {
  return model == module_model::bp35a1 ? 8 : 10;
}

bool is_terminator(std::uint8_t byte) {
  return byte == '\r' || byte == '\n';
}

} // namespace

line_splitter::line_splitter(module_model model, std::size_t max_line) : model_(model), max_line_(max_line) {
  // nop
}

void line_splitter::feed(std::span<const std::uint8_t> bytes) {
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

line_splitter::binary_check line_splitter::find_header(std::size_t& header_end, std::size_t& length) const {
  std::size_t tokens = 0;
  std::size_t token_start = 0;
  for (std::size_t i = 0; i < buffer_.size(); ++i) {
    if (is_terminator(buffer_[i]))
      return binary_check::not_binary; // a text line, complete before its header: the parser judges it
    if (buffer_[i] != ' ')
      continue;
    if (i > token_start && ++tokens == header_tokens(model_)) {
      const std::string_view token{reinterpret_cast<const char*>(buffer_.data()) + token_start, i - token_start};
      const auto value = detail::parse_hex(token, 4);
      if (!value || *value == 0)
        return binary_check::not_binary; // the parser reports a bad length; 0 bytes look alike in both formats
      header_end = i;
      length = static_cast<std::size_t>(*value);
      return binary_check::binary;
    }
    token_start = i + 1;
  }
  return buffer_.size() > max_line_ ? binary_check::not_binary : binary_check::need_more;
}

line_splitter::binary_check line_splitter::check_binary(std::size_t& header_end, std::size_t& length) const {
  const auto size = buffer_.size();
  if (size < erxudp_prefix.size() || !std::equal(erxudp_prefix.begin(), erxudp_prefix.end(), buffer_.begin()))
    return binary_check::not_binary; // a strict prefix of "ERXUDP " has no terminator yet either
  if (const auto header = find_header(header_end, length); header != binary_check::binary)
    return header;
  const auto data = header_end + 1;
  if (size < data + length + 2)
    return binary_check::need_more; // a hex line is longer still, so waiting is right for both formats
  if (buffer_[data + length] == '\r' && buffer_[data + length + 1] == '\n')
    return binary_check::binary;
  const auto first = buffer_.begin() + static_cast<std::ptrdiff_t>(data);
  const bool all_hex = std::all_of(first, first + static_cast<std::ptrdiff_t>(length),
                                   [](std::uint8_t b) { return detail::hex_value(static_cast<char>(b)) >= 0; });
  return all_hex ? binary_check::not_binary : binary_check::broken;
}

caf::expected<raw_line> line_splitter::take_binary(std::size_t header_end, std::size_t length, bool broken) {
  const auto data = header_end + 1;
  if (broken) {
    // Resynchronise on the first LF after the declared payload.
    auto from = buffer_.begin() + static_cast<std::ptrdiff_t>(data + length);
    auto lf = std::find(from, buffer_.end(), '\n');
    buffer_.erase(buffer_.begin(), lf == buffer_.end() ? lf : lf + 1);
    return make_error(skstack_errc::bad_length,
                      "binary ERXUDP payload of " + std::to_string(length) + " bytes is not followed by CR LF");
  }
  raw_line line;
  line.text.assign(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(header_end));
  line.payload.assign(buffer_.begin() + static_cast<std::ptrdiff_t>(data),
                      buffer_.begin() + static_cast<std::ptrdiff_t>(data + length));
  line.binary = true;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(data + length + 2));
  return line;
}

std::optional<caf::expected<raw_line>> line_splitter::take_line() {
  auto end = std::find_if(buffer_.begin(), buffer_.end(), is_terminator);
  if (end == buffer_.end()) {
    if (discarding_)
      buffer_.clear();
    if (discarding_ || buffer_.size() <= max_line_)
      return std::nullopt;
    discarding_ = true;
    buffer_.clear();
    return caf::expected<raw_line>{
      make_error(skstack_errc::bad_length, "line longer than " + std::to_string(max_line_) + " bytes")};
  }
  raw_line line;
  line.text.assign(buffer_.begin(), end);
  skip_lf_ = *end == '\r'; // CR alone ends the ROPT / WOPT answers (spec §1)
  buffer_.erase(buffer_.begin(), end + 1);
  if (discarding_) {
    discarding_ = false;
    line.text.clear();
  }
  return caf::expected<raw_line>{std::move(line)};
}

std::optional<caf::expected<raw_line>> line_splitter::next() {
  while (true) {
    if (skip_lf_ && !buffer_.empty()) {
      if (buffer_.front() == '\n')
        buffer_.erase(buffer_.begin());
      skip_lf_ = false;
    }
    if (buffer_.empty())
      return std::nullopt;
    std::size_t header_end = 0;
    std::size_t length = 0;
    const auto check = discarding_ ? binary_check::not_binary : check_binary(header_end, length);
    if (check == binary_check::need_more)
      return std::nullopt;
    if (check == binary_check::binary || check == binary_check::broken)
      return take_binary(header_end, length, check == binary_check::broken);
    auto line = take_line();
    if (!line || !*line || !(*line)->text.empty())
      return line;
  }
}

} // namespace meterhub::skstack
