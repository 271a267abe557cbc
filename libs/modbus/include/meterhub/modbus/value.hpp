#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <caf/expected.hpp>

/// What a block of Modbus registers means: the typed values a device keeps in 16-bit registers (or in coils), in
/// whatever word and byte order its maker chose, with the scale that turns raw counts into SI units. Pure: bytes
/// in, values out, so every profile's decoding is testable without a device.
namespace meterhub::modbus {

/// The four Modbus data tables, numbered by the function code that reads them.
enum class table : std::uint8_t {
  coil = 1,           ///< read 0x01, write 0x05 / 0x0F; one bit each
  discrete_input = 2, ///< read 0x02; one bit each, read-only
  holding = 3,        ///< read 0x03, write 0x06 / 0x10; 16-bit registers
  input = 4,          ///< read 0x04; 16-bit registers, read-only
};

/// "coil", "discrete_input", "holding", "input".
std::string_view to_string(table t) noexcept;
/// Parses the names above and the function codes "1".."4"; nullopt otherwise.
std::optional<table> table_from_string(std::string_view text) noexcept;
/// True for the bit tables (coils, discrete inputs).
constexpr bool is_bit_table(table t) noexcept { return t == table::coil || t == table::discrete_input; }

/// How a value is stored.
enum class value_type : std::uint8_t {
  u16,
  s16,
  u32,
  s32,
  u64,
  s64,
  f32,
  f64,
  bcd16,  ///< four decimal digits in one register (0x1234 = 1234)
  bcd32,  ///< eight decimal digits in two registers
  bits,   ///< `bit_count` bits from `bit_offset` of one register (a bit field, a single flag, a DI bitmask)
  string, ///< `length` registers of ASCII, two characters each, NULs and trailing spaces trimmed
  boolean ///< one coil or discrete input
};

/// "u16", "s16", ..., "bcd16", "bcd32", "bits", "string", "bool".
std::string_view to_string(value_type t) noexcept;
/// Parses the names above (and "boolean"), in lower case as profiles write them; nullopt otherwise.
std::optional<value_type> value_type_from_string(std::string_view text) noexcept;

/// The order of a multi-register value's bytes on the wire, named by where the most significant byte A of a 32-bit
/// value lands: ABCD is big-endian (Modbus's own order), CDAB word-swapped (low word first, OWEN and many PLCs),
/// BADC byte-swapped within words, DCBA little-endian. 64-bit values extend the same pattern over four words
/// (CDAB: lowest word first, bytes big-endian; BADC: highest word first, bytes swapped; DCBA: little-endian).
/// One-register values (u16, s16, bcd16, bits, each register of a string) have only the byte part: ABCD and CDAB
/// keep the high byte first, BADC and DCBA swap it. Booleans have no order.
enum class word_order : std::uint8_t { abcd, cdab, badc, dcba };

/// "ABCD", "CDAB", "BADC", "DCBA".
std::string_view to_string(word_order o) noexcept;
/// Parses "ABCD", "CDAB", "BADC", "DCBA" (any case); nullopt otherwise.
std::optional<word_order> word_order_from_string(std::string_view text) noexcept;

/// How to read one value out of its registers.
struct value_spec {
  value_type type = value_type::u16;
  word_order order = word_order::abcd;
  unsigned bit_offset = 0; ///< bits: first bit (0 = least significant)
  unsigned bit_count = 1;  ///< bits: how many (1..16)
  unsigned length = 1;     ///< string: registers (1..125, what one request can read)
};

/// Registers (or coils) the value occupies: 1 for 16-bit types, bits and booleans, 2 for 32-bit, 4 for 64-bit,
/// `length` for strings.
unsigned register_count(const value_spec& spec) noexcept;

/// A decoded value before scaling: integers stay exact, strings stay text. Unsigned types, BCD, bits and booleans
/// (0 or 1) decode to `std::uint64_t`, signed types to `std::int64_t`, floats to `double`, strings to text.
using raw_value = std::variant<std::int64_t, std::uint64_t, double, std::string>;

/// Decodes one value from exactly `register_count(spec)` registers, `regs[0]` the lowest address (a coil or
/// discrete input is one register holding 0 or 1; any non-zero register is true). A string ends at its first NUL
/// and loses its trailing spaces. Errors (`modbus_errc::bad_value`): more or fewer registers than the spec needs,
/// a BCD nibble above 9, a float that is NaN or infinite (devices send NaN for "not measured": that is no
/// reading, not a value), a string byte outside printable ASCII (text goes into protobuf strings), an invalid spec
/// (a bit field not within 16 bits, a string length outside 1..125).
caf::expected<raw_value> decode(std::span<const std::uint16_t> regs, const value_spec& spec);

/// Encodes a value into `register_count(spec)` registers, the inverse of `decode` (for writes and for the
/// simulator). Errors (`modbus_errc::out_of_range`): the value does not fit the type (negative into unsigned, above
/// the maximum, a fraction into an integer type, NaN or infinity, a float beyond f32's range, a string into a number
/// type or a number into a string, more characters than the string holds or a non-printable one); an invalid spec
/// is `bad_value` as for decode. Bits are placed at `bit_offset` with the register's other bits 0; strings are
/// padded with NULs.
caf::expected<std::vector<std::uint16_t>> encode(const raw_value& value, const value_spec& spec);

/// The raw value as a number: integers converted (above 2^53 with rounding), a string is an error (`bad_value`).
caf::expected<double> to_number(const raw_value& value);

/// value = raw × scale × 10^scale_exponent + offset. `scale_exponent` comes from a scale-factor register (SunSpec
/// "sf", a signed int16) when the profile names one, otherwise 0.
struct scaling {
  double scale = 1.0;  ///< multiplies the raw value (0.1 for a register in tenths)
  double offset = 0.0; ///< added after scaling (a temperature sensor's -40)
};
/// A scale such as 0.1 or 0.001 divides by 10 or 1000 instead of multiplying, and a negative exponent divides, so
/// that 2301 × 0.1 is 230.1 as the device shows it rather than 230.10000000000002. `scale` must not be 0 (the
/// profile loader rejects it).
double apply(double raw, const scaling& s, int scale_exponent = 0) noexcept;
/// The inverse of `apply`, for writes: the raw value to store so that the device shows `value` (round it to the
/// type before `encode`).
double unapply(double value, const scaling& s, int scale_exponent = 0) noexcept;

} // namespace meterhub::modbus
