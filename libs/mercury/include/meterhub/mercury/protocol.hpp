#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

/// Incotex Mercury 230 / 234 / 236 ("23x") native protocol: codes and constants shared by the request, reply and
/// value codecs. Facts come from /work/shared/specs/mercury-23x.md (the "spec") and, where it is silent, from these
/// implementations (cited by tag in comments; none of their code is copied):
///
/// * WB  — wirenboard/wb-mqtt-serial `src/devices/mercury230_device.cpp`, `test/mercury230_expectations.cpp`
///         (captured request/reply pairs, tests/data/mercury/wb_mercury230.txt).
/// * D2  — devices-reader/device_2 (a Mercury-23x reading tool): `get_time2.pas`, `get_correct2.pas`,
///         `get_graph_top.pas`, `get_graph_data.pas`, `get_koeffs.pas`, `get_engmon.pas`, `support.pas`.
/// * PZ  — Prizmer/ps `PoolServer/Meters/mercury230.cs` and `mercury234.cs` (ReadLastSlice, ReadSlice,
///         ReadDateTime, SoftCorrectionTime, ReadVariantExecute).
/// * LP  — lapinpavell/mercury234-emul `parameters.json`, `data.json` (command descriptions, sample payloads).
/// * BRK — Brokly/ESPHome-Mercury230 `mercury230_proto.h`; SHD — Shden/mercury236; ILN — ilnarsafiullin's client.
/// * D1  — devices-reader/device_1 terminal logs: real frames of a related meter (tests/data/mercury/d1_*.txt).
///
/// Uncertainties (what the sources leave open or disagree on, and what this codec does):
/// 1. Reply address. The spec says a meter asked at address 0 answers with 0; D1's log shows a meter asked at 0
///    answering with its own address 1. Replies must carry the request's address, except that any address is
///    accepted for a request sent to 0 (point to point only, spec §2).
/// 2. 08 02 (transformer ratios): LP and the spec give 4 bytes (Kn, Kt big-endian, D2 and a Python reader agree on
///    the order); D1's meter sends 10 (6 more bytes). Both lengths are accepted; only Kn and Kt are decoded.
/// 3. 08 01 passport: 16 bytes (BRK, spec) or 24 (LP "16 or 24"). 08 03 version: BRK/PZ/ILN read binary bytes,
///    LP says "2/10 code" (BCD); binary is used (they agree below 10). Manufacture dates are binary d, m, y (LP's
///    sample 1A 06 12 cannot be BCD).
/// 4. 04 00 time: 8 bytes BCD s, m, h, weekday, day, month, year, then a season byte (1 = winter, 0 = summer;
///    D2 GetSeasonName, PZ RCURTIME 11-byte frame, D1 capture). Weekday: D2 names 1 = Monday … 7 = Sunday; D1's
///    capture (Friday 18.01.2019 → 5) fits both 1…7 and 0…6 numbering, so 0…7 is accepted and 1…7 written.
/// 5. 03 0C (set the clock): no source shows the frame; it is taken to carry the same 8 bytes as the 04 00 reply.
///    03 0D (soft correction, ±4 min, once a day, status 4 otherwise): s, m, h in BCD (D2, PZ).
/// 6. Power profile (main array of average powers, memory 3): 08 13 answers 9 bytes: record address (big-endian),
///    status, h, m, day, month, year (BCD), period in minutes (D2, PZ, LP's sample 00 01 0A 09 00 04 03 08 1E).
///    A record is read with 06 03 <addr hi> <addr lo> 0F: 15 bytes: status, h, m, day, month, year (BCD), period,
///    then A+, A−, R+, R− as 16-bit little-endian counts, FFFF = none (D2, PZ). Records are 16 bytes apart and the
///    16-bit address wraps (D2: 0 → FFF0), 4096 records. Mercury 234 firmware ≥ 9 (PZ m234) reports a record index
///    (address / 16) over a 17-bit space whose bit 16 travels in the memory byte (0x83); PZ guesses that bit, so
///    this mode (`profile_addressing::record_index`) is unverified.
/// 7. Profile status bits (D2 GetStatusName): 0x01 array overflowed (wrapped), 0x02 incomplete period,
///    0x04 initialisation, 0x08 winter (clear = summer). They become flags overflow, partial_period (for 0x02 and
///    0x04) and summer_time; the UM-40 keeps the same three (isOvfl, isPart, isSummer).
/// 8. Profile time stamp: D2 books a record's counts to the half hour before its time, and PZ notes a record at
///    00:00 belongs to the previous day, so the time is the period's end; `options::profile_stamp_is_end` can say
///    otherwise.
/// 9. Profile scale: energy of one period = N / (2 A) kWh for meter constant A imp/kWh (D2 get_koeffs: "Kp*2 для
///    расчета энергии по получасам"), i.e. 500 / A Wh per count. PZ divides by a further 2 ("*2 добавлено 24.03"),
///    unexplained; not followed. Which 08 12 nibble gives A disagrees between D2 and PZ, so A is configuration.
/// 10. Energy arrays count 1 Wh / varh regardless of A (D2 "Kp2 = 1000", WB scale 0.001 kWh); other scales are
///    `options::energy_wh_per_count`. Transformer ratios (Kn × Kt) are not applied (spec §5: unverified).
/// 11. KU (08 11 6x) is 2 bytes little-endian (WB template, spec); WB's captured KU samples are synthetic, so the
///    order is not confirmed by a real frame. Temperature (08 11 70) is 2 bytes big-endian, taken as signed whole
///    °C; FFFF is "no value" (so −1 °C cannot be told from it).
/// 12. Angles 08 16 51 → three values taken as U(L1)–U(L2), U(L1)–U(L3), U(L2)–U(L3) (published as neva does:
///    81.7.10, 81.7.20, 81.7.21). The pair order is from memory of the vendor manual, not from a source here.
/// 13. Power factor carries the active-power direction bit; WB reads it as the sign (REG_PARAM_SIGN_ACT), so a
///    negative power factor means export. BRK divides PF by 100, WB and SHD by 1000; 1000 is used (spec §5).
/// 14. The "value at the start of" arrays (9…D) are the cumulative registers at the local midnight / month /
///    year start; which year a month-M array refers to is inferred from the meter's date (the last 12 months).
namespace meterhub::mercury {

/// The command byte after the address (spec §4).
enum class command : std::uint8_t {
  test_link = 0x00,
  open_channel = 0x01,
  close_channel = 0x02,
  write = 0x03,     ///< write parameters: 0C set clock, 0D correct clock
  read_time = 0x04, ///< read clock and journals; 04 00 = current time
  read_array = 0x05,
  read_memory = 0x06,
  read_param = 0x08,
};

/// Access level of `01 <level> <pwd×6>`.
enum class access_level : std::uint8_t {
  user = 1,  ///< read (factory password 01 01 01 01 01 01)
  admin = 2, ///< write (factory password 02 02 02 02 02 02)
};

/// Six raw password bytes.
using password = std::array<std::uint8_t, 6>;

/// Energy array codes A of `05 <A<<4 | M> <T>` (spec §4 table).
enum class energy_array : std::uint8_t {
  from_reset = 0x0,
  year = 0x1,
  previous_year = 0x2,
  month = 0x3, ///< month M (1…12 in the low nibble)
  day = 0x4,
  previous_day = 0x5,
  phases = 0x6, ///< per-phase A+, 12 bytes
  year_start = 0x9,
  previous_year_start = 0xA,
  month_start = 0xB, ///< month M
  day_start = 0xC,
  previous_day_start = 0xD,
};

/// True for the arrays whose low nibble is a month (3 and B).
constexpr bool takes_month(energy_array a) noexcept {
  return a == energy_array::month || a == energy_array::month_start;
}

/// The parameter byte of `08 <P>` requests without a BWRI.
enum class info_kind : std::uint8_t {
  serial = 0x00,          ///< serial number + manufacture date, 7 bytes
  passport = 0x01,        ///< 16 or 24 bytes
  ratios = 0x02,          ///< Kn, Kt (4 or 10 bytes)
  version = 0x03,         ///< firmware version, 3 bytes
  network_address = 0x05, ///< 2 bytes, address second
  variant = 0x12,         ///< execution variant, 3, 6 or 12 bytes (not decoded: sources disagree)
  profile_pointer = 0x13, ///< last record of the main power profile, 9 bytes
};

/// The parameter byte of `08 <P> <BWRI>` auxiliary-parameter reads.
enum class aux_format : std::uint8_t {
  single = 0x11,    ///< one value (3 bytes; 2 for KU and temperature)
  all_full = 0x14,  ///< all phases, no suppression of insignificant bits (BRK)
  all_short = 0x16, ///< all phases, short format
};

/// The memory number of the main power profile (`06 03 …`).
inline constexpr std::uint8_t profile_memory = 0x03;
/// Bytes of one power-profile record as read (`06 03 hi lo 0F`).
inline constexpr std::size_t profile_record_size = 15;
/// Distance between profile records in memory.
inline constexpr std::uint32_t profile_record_stride = 16;

} // namespace meterhub::mercury
