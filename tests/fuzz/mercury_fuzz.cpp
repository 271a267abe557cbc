// libFuzzer target for the Mercury 23x codec. Input: a selector byte, then
//   0: reply parsing — a request index byte, an address byte, then a reply frame; the frame is checked against
//      the request and its data (and the raw bytes, CRC or not) go through the request's typed decoders;
//   1: meter side — a request frame; one that parses must encode back to the same bytes;
//   2: power profile — an options byte, a 15-byte record, a 9-byte pointer and two 4-byte range ends;
//   3: values — 3-byte and 4-byte words, a clock reply and an archive reply, which must survive a round trip.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "meterhub/mercury/backfill.hpp"
#include "meterhub/mercury/energy.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/items.hpp"
#include "meterhub/mercury/params.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"

using namespace meterhub;
using namespace meterhub::mercury;

namespace {

using bytes_view = std::span<const std::uint8_t>;

void require(bool condition) {
  if (!condition)
    std::abort();
}

const std::vector<request>& sample_requests() {
  static const std::vector<request> all{
    test_link{}, open_channel{}, close_channel{}, set_time{}, correct_time{}, read_time{},
    read_energy{}, read_energy{energy_array::from_reset, 0, 3}, read_energy{energy_array::phases, 0, 0},
    read_energy{energy_array::day_start, 0, 1}, read_energy{energy_array::month_start, 5, 0},
    read_energy{energy_array::previous_year_start, 0, 0}, read_memory{}, read_memory{0x83, 0x1230, 15},
    read_info{info_kind::serial}, read_info{info_kind::passport}, read_info{info_kind::ratios},
    read_info{info_kind::version}, read_info{info_kind::network_address}, read_info{info_kind::variant},
    read_info{info_kind::profile_pointer}, read_aux{aux_format::single, 0x00}, read_aux{aux_format::single, 0x05},
    read_aux{aux_format::single, 0x40}, read_aux{aux_format::single, 0x61}, read_aux{aux_format::single, 0x70},
    read_aux{aux_format::all_short, 0x00}, read_aux{aux_format::all_short, 0x04}, read_aux{aux_format::all_short, 0x08},
    read_aux{aux_format::all_short, 0x11}, read_aux{aux_format::all_short, 0x21}, read_aux{aux_format::all_short, 0x30},
    read_aux{aux_format::all_full, 0x51}, read_aux{aux_format::all_short, 0x62}, read_aux{aux_format::all_short, 0x77},
  };
  return all;
}

void check_readings(const caf::expected<std::vector<reading>>& rs) {
  if (!rs)
    return;
  for (const auto& r : *rs)
    require(!r.quantity.empty() && r.value && std::isfinite(*r.value));
}

/// Every typed decoder that could apply to a reply to `r`.
void decode_as(const request& r, bytes_view data) {
  const options o;
  check_readings(readings_of(r, data, o, 0));
  if (const auto* e = std::get_if<read_energy>(&r)) {
    (void) decode_energy_array(*e, data);
    check_readings(archive_readings(*e, data, meter_time{0, 0, 12, 3, 15, 1, 24, true}, o));
  }
  if (const auto* a = std::get_if<read_aux>(&r)) {
    auto values = decode_aux_values(*a, data);
    if (values)
      require(encode_aux_values(*a, *values).size() == data.size());
  }
  (void) decode_meter_time(data);
  (void) decode_serial(data);
  (void) decode_passport(data);
  (void) decode_ratios(data);
  (void) decode_version(data);
  (void) decode_network_address(data);
  (void) decode_profile_pointer(data);
  if (auto record = decode_profile_record(data))
    check_readings(profile_readings(*record, o));
}

void fuzz_reply(bytes_view in) {
  if (in.size() < 2)
    return;
  const auto& r = sample_requests()[in[0] % sample_requests().size()];
  const auto address = in[1];
  const auto frame = in.subspan(2);
  const auto length = reply_frame_length(frame, r);
  require(length <= frame.size());
  if (length > 0)
    require(static_cast<bool>(open_frame(frame.first(length))));
  if (auto data = check_reply(frame, address, r)) {
    require(reply_shape_of(r).status ? data->empty() : reply_shape_of(r).allows(data->size()));
    decode_as(r, *data);
  }
  decode_as(r, frame);
}

void fuzz_request(bytes_view frame) {
  auto parsed = decode_request(frame);
  if (!parsed)
    return;
  auto again = encode_request(parsed->address, parsed->request);
  require(again && std::equal(again->begin(), again->end(), frame.begin(), frame.end()));
  require(reply_shape_of(parsed->request).max_frame() >= min_frame_size);
}

options options_from(std::uint8_t b) {
  options o;
  o.utc_offset = std::chrono::minutes{(static_cast<int>(b & 0x0F) - 7) * 60};
  o.meter_switches_dst = (b & 0x10) != 0;
  o.profile_stamp_is_end = (b & 0x20) == 0;
  o.addressing = (b & 0x40) != 0 ? profile_addressing::record_index : profile_addressing::byte_address;
  o.meter_constant = (b & 0x80) != 0 ? 5000 : 1000;
  return o;
}

std::int64_t range_end(bytes_view four, std::int64_t base) {
  const std::int32_t v = static_cast<std::int32_t>(four[0] | (four[1] << 8) | (four[2] << 16) |
                                                   (static_cast<std::uint32_t>(four[3]) << 24));
  return base + std::int64_t{v} * 60'000;
}

void check_plan(const profile_pointer& p, std::int64_t from, std::int64_t to, const options& o) {
  const auto plan = plan_profile_reads(p, from, to, o);
  require(plan.size() <= 8192);
  for (std::size_t i = 0; i < plan.size(); ++i) {
    require(plan[i].expected_end_ms >= from && plan[i].expected_end_ms <= to);
    require(i == 0 || plan[i].expected_end_ms > plan[i - 1].expected_end_ms);
    require(static_cast<bool>(encode_request(1, plan[i].request)));
  }
}

void fuzz_profile(bytes_view in) {
  if (in.size() < 1 + 15 + 9 + 8)
    return;
  const auto o = options_from(in[0]);
  const auto record_bytes = in.subspan(1, 15);
  if (auto record = decode_profile_record(record_bytes)) {
    const auto back = encode_profile_record(*record);
    require(std::equal(back.begin(), back.end(), record_bytes.begin()));
    check_readings(profile_readings(*record, o));
  }
  if (auto pointer = decode_profile_pointer(in.subspan(16, 9))) {
    const auto last = period_end_ms(pointer->stamp, pointer->status, pointer->period_minutes, o);
    check_plan(*pointer, range_end(in.subspan(25, 4), last), range_end(in.subspan(29, 4), last), o);
  }
}

void fuzz_values(bytes_view in) {
  if (in.size() < 3 + 4 + 8 + 1 + 16)
    return;
  if (auto w = decode_aux_word(std::span<const std::uint8_t, 3>{in.data(), 3}))
    require(decode_aux_word(encode_aux_word(*w)) == w);
  const auto energy = std::span<const std::uint8_t, 4>{in.data() + 3, 4};
  if (auto e = decode_energy_word(energy)) {
    const auto back = encode_energy_word(*e);
    require(std::equal(back.begin(), back.end(), energy.begin()));
  }
  if (auto t = decode_meter_time(in.subspan(7, 8))) {
    const auto back = encode_meter_time(*t);
    require(std::equal(back.begin(), back.end(), in.begin() + 7));
    const auto& archive = sample_requests()[9 + in[15] % 3];
    check_readings(archive_readings(std::get<read_energy>(archive), in.subspan(16, 16), *t, options_from(in[15])));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const bytes_view in{data + 1, size - 1};
  switch (data[0] % 4) {
    case 0:
      fuzz_reply(in);
      break;
    case 1:
      fuzz_request(in);
      break;
    case 2:
      fuzz_profile(in);
      break;
    default:
      fuzz_values(in);
      break;
  }
  return 0;
}
