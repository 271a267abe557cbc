// libFuzzer target for Modbus: the register value codec, the RTU/TCP frame codec and the capture splitter
// (libs/modbus), and later the profile's block → readings mapping (libs/profiles). Input: a selector byte, then:
//   0 a value spec (type, word order, bit offset, bit count, length: one byte each), then registers (big-endian
//     pairs): decoded as given and as exactly the spec's registers; what decodes must encode back to the same
//     registers; the first 8 bytes are also encoded as a double, an int64 and a uint64 and must decode back
//   1 a framing byte (bit 0: TCP), then bytes parsed as one request, as one response, and split as a capture
//     (whole and in pieces, which must give the same items, holding every byte once); each request found in the
//     capture is the context for parsing the frame after it as its response
//   2, 3 libs/profiles: a shipped profile's group → readings, and profile text → loader (profiles_fuzz.hpp)
//   other values: reserved for further decoders (see the switch at the end)
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "meterhub/core/error.hpp"
#include "meterhub/modbus/error.hpp"
#include "meterhub/modbus/frame.hpp"
#include "meterhub/modbus/splitter.hpp"
#include "meterhub/modbus/timing.hpp"
#include "meterhub/modbus/value.hpp"
#include "profiles_fuzz.hpp" // selectors 2 and 3: libs/profiles

using namespace meterhub::modbus;

namespace {

using bytes = std::span<const std::uint8_t>;

void require(bool holds) {
  if (!holds)
    std::abort();
}

// ---- 0: values ------------------------------------------------------------------------------------------------

/// Registers equal where the spec's value lives: the whole registers, the bit field, or a coil's truth.
bool same_value_bits(const std::vector<std::uint16_t>& a, std::span<const std::uint16_t> b, const value_spec& spec) {
  if (spec.type == value_type::boolean)
    return a.size() == 1 && a[0] == (b[0] != 0 ? 1 : 0);
  if (spec.type != value_type::bits)
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  bool swapped = spec.order == word_order::badc || spec.order == word_order::dcba;
  auto plain = [&](std::uint16_t w) { return swapped ? static_cast<std::uint16_t>((w << 8) | (w >> 8)) : w; };
  auto mask = static_cast<std::uint16_t>(((1u << spec.bit_count) - 1) << spec.bit_offset);
  return a.size() == 1 && plain(a[0]) == (plain(b[0]) & mask);
}

void decode_and_back(std::span<const std::uint16_t> regs, const value_spec& spec) {
  auto value = decode(regs, spec);
  if (!value) {
    require(value.error().category() == caf::atom("modbus"));
    require(static_cast<modbus_errc>(value.error().code()) == modbus_errc::bad_value);
    return;
  }
  require(regs.size() == register_count(spec));
  auto again = encode(*value, spec);
  require(static_cast<bool>(again));
  require(again->size() == register_count(spec));
  if (spec.type == value_type::string)
    require(decode(*again, spec) == *value); // trimmed padding does not come back, the text does
  else
    require(same_value_bits(*again, regs, spec));
  if (auto number = to_number(*value))
    (void) apply(*number, {0.1, 1.0}, static_cast<int>(regs[0] % 7) - 3);
}

/// A number encoded in any spec decodes back as itself (floats: as the nearest f32).
void encode_and_back(const raw_value& v, const value_spec& spec) {
  auto regs = encode(v, spec);
  if (!regs)
    return;
  auto back = decode(*regs, spec);
  if (spec.type == value_type::f32 || spec.type == value_type::f64) {
    require(back && std::holds_alternative<double>(*back));
    auto d = *to_number(v);
    require(std::get<double>(*back) == (spec.type == value_type::f32 ? double{static_cast<float>(d)} : d));
    return;
  }
  require(back && to_number(*back) == to_number(v));
}

void fuzz_values(bytes in) {
  if (in.size() < 5)
    return;
  value_spec spec;
  spec.type = static_cast<value_type>(in[0] % 13);
  spec.order = static_cast<word_order>(in[1] % 4);
  spec.bit_offset = in[2] % 18;
  spec.bit_count = in[3] % 18;
  spec.length = in[4] % 130;
  in = in.subspan(5);
  std::vector<std::uint16_t> regs;
  for (std::size_t i = 0; i + 1 < in.size(); i += 2)
    regs.push_back(static_cast<std::uint16_t>((in[i] << 8) | in[i + 1]));
  decode_and_back(regs, spec);
  if (regs.size() >= register_count(spec))
    decode_and_back(std::span{regs}.first(register_count(spec)), spec);
  if (in.size() >= 8) {
    std::uint64_t bits;
    std::memcpy(&bits, in.data(), 8);
    for (const raw_value& v : {raw_value{std::bit_cast<double>(bits)}, raw_value{static_cast<std::int64_t>(bits)},
                               raw_value{bits}, raw_value{bits % 100'000'000}})
      encode_and_back(v, spec);
  }
}

// ---- 1: frames ------------------------------------------------------------------------------------------------

void parse_one(bytes in, framing f) {
  if (auto r = parse_request(in, f)) {
    require(request_size(*r, f) == in.size());
    auto again = encode_request(*r, f);
    require(static_cast<bool>(again));
    require(parse_request(*again, f) == *r);
    if (r->function != function_code::write_multiple_coils) // elsewhere no padding bits can differ
      require(std::equal(again->begin(), again->end(), in.begin(), in.end()));
    (void) transaction_time({9600, 8, true, 1}, *r);
  }
  if (auto a = parse_response(in, f)) {
    auto again = encode_response(*a, f);
    require(static_cast<bool>(again));
    require(std::equal(again->begin(), again->end(), in.begin(), in.end()));
  }
}

/// A response to `sent` that parses must encode and parse back as itself and have the size the request expects.
void parse_answer(bytes frame, const request& sent, framing f) {
  auto a = parse_response(frame, sent, f);
  if (!a)
    return;
  require(frame.size() == (a->is_exception() ? exception_response_size(f) : expected_response_size(sent, f)));
  auto again = encode_response(*a, f);
  require(again && parse_response(*again, sent, f) == *a);
}

/// The items of `in` fed `piece` bytes at a time.
std::vector<stream_item> split(bytes in, framing f, std::size_t piece) {
  frame_splitter splitter{f};
  std::vector<stream_item> items;
  auto drain = [&] {
    while (auto item = splitter.next())
      items.push_back(std::move(*item));
  };
  for (std::size_t at = 0; at < in.size(); at += piece) {
    splitter.feed(in.subspan(at, std::min(piece, in.size() - at)));
    drain();
  }
  splitter.finish();
  drain();
  require(splitter.buffered() == 0);
  return items;
}

void fuzz_capture(bytes in, framing f, std::size_t piece) {
  auto whole = split(in, f, std::max<std::size_t>(in.size(), 1));
  auto pieces = split(in, f, piece);
  require(whole.size() == pieces.size());
  std::vector<std::uint8_t> joined;
  std::optional<request> last_request; // the frame before, when it parsed as a request
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const auto& item = whole[i];
    require(item.bytes == pieces[i].bytes && item.direction == pieces[i].direction
            && meterhub::describe(item.error) == meterhub::describe(pieces[i].error));
    require(!item.bytes.empty() && item.bytes.size() <= (item.is_frame() ? 260 : frame_splitter::max_skipped_run));
    joined.insert(joined.end(), item.bytes.begin(), item.bytes.end());
    if (!item.is_frame())
      continue;
    if (f == framing::rtu)
      require(has_valid_crc16_modbus(item.bytes));
    if (last_request)
      parse_answer(item.bytes, *last_request, f);
    last_request.reset();
    if (auto parsed = parse_request(item.bytes, f))
      last_request = std::move(*parsed);
  }
  require(std::equal(joined.begin(), joined.end(), in.begin(), in.end())); // every byte once, in order
}

void fuzz_frames(bytes in) {
  if (in.size() < 2)
    return;
  auto f = (in[0] & 1) != 0 ? framing::tcp : framing::rtu;
  std::size_t piece = 1 + (in[0] >> 1) % 16;
  in = in.subspan(1);
  parse_one(in, f);
  fuzz_capture(in, f, piece);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  bytes in{data + 1, size - 1};
  switch (data[0]) {
    case 0:
      fuzz_values(in);
      break;
    case 1:
      fuzz_frames(in);
      break;
    // ---- libs/profiles (profiles_fuzz.hpp) ----
    case 2:
      profiles_fuzz::fuzz_block(in);
      break;
    case 3:
      profiles_fuzz::fuzz_text(in);
      break;
    default: // selectors no decoder uses yet
      break;
  }
  return 0;
}
