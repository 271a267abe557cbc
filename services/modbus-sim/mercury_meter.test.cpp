// A simulated Mercury 230 against the project's own Mercury codec (libs/mercury): requests built with its encoder,
// answers checked and decoded with its reader side, values compared with the meter's model.
#include <catch2/catch.hpp>

#include <cmath>

#include "mercury_meter.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/energy.hpp"
#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/params.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"
#include "test_support.hpp"

using namespace meterhub;
using namespace meterhub::modbus_sim;
using mercury::access_level;

namespace {

constexpr std::uint8_t address = 30;
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t local_offset_ms = 3 * hour_ms; // +03:00

std::shared_ptr<const profiles::profile> mercury230() {
  auto p = profiles::load_profile(std::string{MH_PROFILES_DIR} + "/mercury230.yaml");
  if (!p)
    throw std::runtime_error(describe(p.error()));
  return std::make_shared<const profiles::profile>(std::move(*p));
}

mercury_settings settings() {
  mercury_settings s;
  s.address = address;
  s.seed = 11;
  s.utc_offset = std::chrono::minutes{180};
  s.channel_timeout = std::chrono::milliseconds{240'000};
  s.profile_days = 2;
  return s;
}

/// A meter started on Monday 2 March 2026, 10:00 UTC (13:00 on its clock).
mercury_meter make_meter(const mercury_settings& s = settings()) {
  return mercury_meter{mercury230(), s, test::monday_10am};
}

/// A meter and the time of the exchange, as a reader talks to it.
struct session {
  mercury_meter meter = make_meter();
  sim_time now{test::monday_10am, 0};

  /// The reply frame to `r` sent to `to`.
  mercury::bytes raw(const mercury::request& r, std::uint8_t to = address) {
    auto frame = mercury::encode_request(to, r);
    REQUIRE(frame);
    return meter.answer(*frame, now);
  }

  /// The reply's data checked by the reader side (CRC, address, length, status).
  caf::expected<std::vector<std::uint8_t>> ask(const mercury::request& r, std::uint8_t to = address) {
    const auto reply = raw(r, to);
    REQUIRE(mercury::reply_frame_length(reply, r) == reply.size());
    auto data = mercury::check_reply(reply, to, r);
    if (!data)
      return data.error();
    return std::vector<std::uint8_t>{data->begin(), data->end()};
  }

  /// The data of a reply that must succeed.
  std::vector<std::uint8_t> data(const mercury::request& r, std::uint8_t to = address) {
    auto d = ask(r, to);
    if (!d)
      FAIL(describe(d.error()));
    return *d;
  }

  void open(access_level level = access_level::user) {
    const mercury::password pwd = level == access_level::user ? mercury::password{1, 1, 1, 1, 1, 1}
                                                              : mercury::password{2, 2, 2, 2, 2, 2};
    REQUIRE(ask(mercury::open_channel{level, pwd}));
  }

  std::vector<std::optional<std::uint32_t>> energy(mercury::energy_array a, std::uint8_t tariff = 0,
                                                   std::uint8_t month = 0) {
    const mercury::read_energy r{a, month, tariff};
    auto counts = mercury::decode_energy_array(r, data(r));
    REQUIRE(counts);
    return *counts;
  }

  std::vector<std::optional<mercury::aux_word>> aux(mercury::aux_format f, std::uint8_t bwri) {
    const mercury::read_aux r{f, bwri};
    auto values = mercury::decode_aux_values(r, data(r));
    REQUIRE(values);
    return *values;
  }

  mercury::meter_time time() {
    auto t = mercury::decode_meter_time(data(mercury::read_time{}));
    REQUIRE(t);
    return *t;
  }
};

template <class T>
mercury::mercury_errc error_of(const caf::expected<T>& result) {
  REQUIRE_FALSE(result);
  REQUIRE(result.error().category() == caf::atom("mercury"));
  return static_cast<mercury::mercury_errc>(result.error().code());
}

std::uint32_t floor_count(double wh) {
  return static_cast<std::uint32_t>(std::floor(wh));
}

} // namespace

TEST_CASE("Mercury: the link test, serial number and network address need no channel, the rest does") {
  session s;
  CHECK(s.ask(mercury::test_link{}));
  CHECK(s.ask(mercury::read_info{mercury::info_kind::serial}));
  const auto where = mercury::decode_network_address(s.data(mercury::read_info{mercury::info_kind::network_address}));
  REQUIRE(where);
  CHECK(*where == address);
  using mercury::mercury_errc;
  CHECK(error_of(s.ask(mercury::read_time{})) == mercury_errc::channel_not_open);
  CHECK(error_of(s.ask(mercury::read_energy{})) == mercury_errc::channel_not_open);
  CHECK(error_of(s.ask(mercury::read_info{mercury::info_kind::version})) == mercury_errc::channel_not_open);
  CHECK(error_of(s.ask(mercury::read_aux{mercury::aux_format::single, 0x11})) == mercury_errc::channel_not_open);
  CHECK(error_of(s.ask(mercury::read_memory{})) == mercury_errc::channel_not_open);
  CHECK(s.meter.level(s.now.host_ms) == 0);
}

TEST_CASE("Mercury: the channel opens with the level 1 and level 2 passwords, not with a wrong one") {
  using mercury::mercury_errc;
  session s;
  SECTION("level 1 reads, but may not set the clock") {
    s.open(access_level::user);
    CHECK(s.meter.level(s.now.host_ms) == 1);
    CHECK(s.ask(mercury::read_time{}));
    CHECK(error_of(s.ask(mercury::set_time{s.time()})) == mercury_errc::access_denied);
    CHECK(error_of(s.ask(mercury::correct_time{{13, 1, 0}})) == mercury_errc::access_denied);
  }
  SECTION("level 2 reads and writes") {
    s.open(access_level::admin);
    CHECK(s.meter.level(s.now.host_ms) == 2);
    CHECK(s.ask(mercury::read_time{}));
    CHECK(s.ask(mercury::set_time{s.time()}));
  }
  SECTION("a wrong password is refused and closes the channel") {
    s.open(access_level::user);
    CHECK(error_of(s.ask(mercury::open_channel{access_level::user, {2, 2, 2, 2, 2, 2}}))
          == mercury_errc::invalid_command);
    CHECK(s.meter.level(s.now.host_ms) == 0);
    CHECK(error_of(s.ask(mercury::read_time{})) == mercury_errc::channel_not_open);
    CHECK(error_of(s.ask(mercury::open_channel{access_level::admin, {1, 1, 1, 1, 1, 1}}))
          == mercury_errc::invalid_command);
  }
  SECTION("a closed channel reads nothing") {
    s.open();
    CHECK(s.ask(mercury::close_channel{}));
    CHECK(error_of(s.ask(mercury::read_time{})) == mercury_errc::channel_not_open);
  }
}

TEST_CASE("Mercury: passwords from the shop file, as digits or as six raw characters") {
  auto st = settings();
  st.user = *password_of("123456");
  st.admin = *password_of("abcdef");
  CHECK(st.user == mercury::password{1, 2, 3, 4, 5, 6}); // digits travel as their values (BRK)
  CHECK(st.admin == mercury::password{'a', 'b', 'c', 'd', 'e', 'f'});
  CHECK_FALSE(password_of("12345"));
  CHECK_FALSE(password_of("1234567"));

  session s;
  s.meter = make_meter(st);
  CHECK_FALSE(s.ask(mercury::open_channel{access_level::user, {1, 1, 1, 1, 1, 1}}));
  CHECK(s.ask(mercury::open_channel{access_level::user, *mercury::password_from_digits("123456")}));
  CHECK(s.ask(mercury::open_channel{access_level::admin, {'a', 'b', 'c', 'd', 'e', 'f'}}));
  CHECK(s.meter.level(s.now.host_ms) == 2);
}

TEST_CASE("Mercury: serial number, passport, version, ratios, variant") {
  session s;
  s.open();
  const auto serial = mercury::decode_serial(s.data(mercury::read_info{mercury::info_kind::serial}));
  REQUIRE(serial);
  CHECK(serial->serial_text().size() == 8);
  CHECK(mercury::valid_date(serial->made.year, serial->made.month, serial->made.day));

  const auto passport = mercury::decode_passport(s.data(mercury::read_info{mercury::info_kind::passport}));
  REQUIRE(passport);
  CHECK(passport->serial == *serial);
  const auto version = mercury::decode_version(s.data(mercury::read_info{mercury::info_kind::version}));
  REQUIRE(version);
  CHECK(*version == passport->version);
  CHECK(mercury::version_text(*version) == "8.1.0");
  const auto ratios = mercury::decode_ratios(s.data(mercury::read_info{mercury::info_kind::ratios}));
  REQUIRE(ratios);
  CHECK(ratios->voltage == 1);
  CHECK(ratios->current == 1);
  CHECK(s.data(mercury::read_info{mercury::info_kind::variant}).size() == 6);

  SECTION("the serial number follows the seed and the address") {
    session same, other;
    auto st = settings();
    st.seed = 12;
    other.meter = make_meter(st);
    CHECK(same.data(mercury::read_info{mercury::info_kind::serial})
          == s.data(mercury::read_info{mercury::info_kind::serial}));
    CHECK(other.data(mercury::read_info{mercury::info_kind::serial})
          != s.data(mercury::read_info{mercury::info_kind::serial}));
  }
}

TEST_CASE("Mercury: the clock shows the site's local time and runs with model time") {
  session s;
  s.open();
  const auto t = s.time();
  CHECK(t.hour == 13); // 10:00 UTC at +03:00
  CHECK(t.minute == 0);
  CHECK(t.second == 0);
  CHECK(t.day == 2);
  CHECK(t.month == 3);
  CHECK(t.year == 26);
  CHECK(t.weekday == 1); // Monday
  CHECK(t.winter);
  CHECK(mercury::wall_clock_ms(t) == test::monday_10am + local_offset_ms);

  s.now.model_ms += 61'500;
  CHECK(mercury::wall_clock_ms(s.time()) == test::monday_10am + local_offset_ms + 61'000);
  CHECK(s.meter.wall_ms(s.now.model_ms) == s.now.model_ms + local_offset_ms);
}

TEST_CASE("Mercury: setting and correcting the clock") {
  using mercury::mercury_errc;
  session s;
  s.open(access_level::admin);
  SECTION("03 0C sets it; it keeps running from there") {
    const mercury::meter_time target{30, 45, 8, 3, 4, 3, 26, true}; // Wednesday 4 March 2026 08:45:30
    REQUIRE(s.ask(mercury::set_time{target}));
    CHECK(s.time() == target);
    s.now.model_ms += 10'000;
    CHECK(mercury::wall_clock_ms(s.time()) == mercury::wall_clock_ms(target) + 10'000);
  }
  SECTION("03 0D moves it by up to 4 minutes, once a day") {
    const auto before = s.time();
    REQUIRE(s.ask(mercury::correct_time{{13, 2, 30}}));
    CHECK(mercury::wall_clock_ms(s.time()) == mercury::wall_clock_ms(before) + 150'000);
    CHECK(error_of(s.ask(mercury::correct_time{{13, 3, 0}})) == mercury_errc::clock_already_corrected);
  }
  SECTION("03 0D by more than 4 minutes is refused") {
    const auto before = s.time();
    CHECK(error_of(s.ask(mercury::correct_time{{13, 10, 0}})) == mercury_errc::clock_already_corrected);
    CHECK(s.time() == before);
  }
  SECTION("setting the clock moves the profile's time stamps, not the energy") {
    const auto energy = s.energy(mercury::energy_array::from_reset);
    REQUIRE(s.ask(mercury::set_time{mercury::meter_time{0, 0, 12, 1, 2, 3, 26, true}}));
    CHECK(s.energy(mercury::energy_array::from_reset) == energy);
  }
}

TEST_CASE("Mercury: energies since reset per tariff, as the model counts them") {
  session s;
  s.open();
  s.now.model_ms += hour_ms;
  const auto total = s.energy(mercury::energy_array::from_reset, 0);
  const auto& m = s.meter.physics();
  REQUIRE(m.time_ms() == s.now.model_ms);
  REQUIRE(total.size() == 4);
  const energy_kind kinds[] = {energy_kind::active_import, energy_kind::active_export, energy_kind::reactive_import,
                               energy_kind::reactive_export};
  for (std::size_t k = 0; k < 4; ++k) {
    INFO("kind " << k);
    REQUIRE(total[k]);
    CHECK(*total[k] == floor_count(m.energy(kinds[k])));
  }
  CHECK(*total[0] > 0);

  std::array<std::uint64_t, 4> sum{};
  for (std::uint8_t t = 1; t <= 4; ++t) {
    const auto tariff = s.energy(mercury::energy_array::from_reset, t);
    for (std::size_t k = 0; k < 4; ++k) {
      REQUIRE(tariff[k]);
      CHECK(*tariff[k] == floor_count(m.energy(kinds[k], t)));
      sum[k] += *tariff[k];
    }
  }
  for (std::size_t k = 0; k < 4; ++k) { // each tariff's count is truncated on its own
    CHECK(sum[k] <= *total[k]);
    CHECK(sum[k] + 4 > *total[k]);
  }
  CHECK(s.energy(mercury::energy_array::from_reset, 1)[0] > 0); // 13:00 local is day tariff T1

  SECTION("tariff 5 (losses) is not measured") {
    for (const auto& c : s.energy(mercury::energy_array::from_reset, 5))
      CHECK_FALSE(c);
  }
  SECTION("per phase A+ adds up to the total") {
    const auto phases = s.energy(mercury::energy_array::phases);
    REQUIRE(phases.size() == 3);
    std::uint64_t all = 0;
    for (unsigned i = 0; i < 3; ++i) {
      REQUIRE(phases[i]);
      CHECK(*phases[i] == floor_count(m.phase_energy(i, energy_kind::active_import)));
      all += *phases[i];
    }
    CHECK(all <= *total[0] + 1);
    CHECK(all + 3 >= *total[0]);
  }
  SECTION("the counters only go up") {
    s.now.model_ms += 10 * 60'000;
    const auto later = s.energy(mercury::energy_array::from_reset);
    CHECK(*later[0] > *total[0]);
    for (std::size_t k = 0; k < 4; ++k)
      CHECK(*later[k] >= *total[k]);
  }
}

TEST_CASE("Mercury: archives of days, months and years add up with the counters") {
  using mercury::energy_array;
  session s;
  s.open();
  const auto now = s.energy(energy_array::from_reset);
  const auto difference = [&](const std::vector<std::optional<std::uint32_t>>& later,
                              const std::vector<std::optional<std::uint32_t>>& earlier) {
    std::vector<std::optional<std::uint32_t>> out;
    for (std::size_t k = 0; k < 4; ++k) {
      REQUIRE(later[k]);
      REQUIRE(earlier[k]);
      out.push_back(*later[k] - *earlier[k]);
    }
    return out;
  };
  const auto day_start = s.energy(energy_array::day_start);
  const auto previous_day_start = s.energy(energy_array::previous_day_start);
  const auto year_start = s.energy(energy_array::year_start);
  const auto previous_year_start = s.energy(energy_array::previous_year_start);
  const auto march_start = s.energy(energy_array::month_start, 0, 3);

  CHECK(s.energy(energy_array::day) == difference(now, day_start));
  CHECK(s.energy(energy_array::previous_day) == difference(day_start, previous_day_start));
  CHECK(s.energy(energy_array::year) == difference(now, year_start));
  CHECK(s.energy(energy_array::previous_year) == difference(year_start, previous_year_start));
  CHECK(s.energy(energy_array::month, 0, 3) == difference(now, march_start));
  CHECK(*s.energy(energy_array::previous_day)[0] > 1000); // a day of a machine's load: more than 1 kWh
  CHECK(*s.energy(energy_array::previous_year)[0] > *s.energy(energy_array::previous_day)[0]);

  SECTION("a finished month runs from its start to the next month's") {
    const auto february = s.energy(energy_array::month, 0, 2);
    CHECK(february == difference(march_start, s.energy(energy_array::month_start, 0, 2)));
    CHECK(*february[0] > 0);
    // December is last year's, up to this year's start.
    CHECK(s.energy(energy_array::month, 0, 12) == difference(year_start, s.energy(energy_array::month_start, 0, 12)));
    // April has not come this year: it is April 2025.
    CHECK(*s.energy(energy_array::month, 0, 4)[0] > 0);
  }
  SECTION("per tariff as well") {
    CHECK(s.energy(energy_array::day, 1) == difference(s.energy(energy_array::from_reset, 1),
                                                       s.energy(energy_array::day_start, 1)));
  }
}

TEST_CASE("Mercury: instantaneous values are the model's, scaled as the protocol writes them") {
  using mercury::aux_format;
  session s;
  s.open();
  s.now.model_ms += 5 * 60'000;
  const auto voltage = s.aux(aux_format::single, 0x11);
  const auto& m = s.meter.physics();
  REQUIRE(voltage.size() == 1);
  REQUIRE(voltage[0]);
  CHECK(voltage[0]->magnitude == std::llround(m.phase(0).voltage * 100));
  CHECK_FALSE(voltage[0]->active_negative);

  const auto voltages = s.aux(aux_format::all_short, 0x11);
  REQUIRE(voltages.size() == 3);
  for (unsigned i = 0; i < 3; ++i)
    CHECK(voltages[i]->magnitude == std::llround(m.phase(i).voltage * 100));

  const auto currents = s.aux(aux_format::all_full, 0x21);
  REQUIRE(currents.size() == 3);
  for (unsigned i = 0; i < 3; ++i)
    CHECK(currents[i]->magnitude == std::llround(m.phase(i).current * 1000));

  const auto power = s.aux(aux_format::all_short, 0x00);
  REQUIRE(power.size() == 4); // sum, L1, L2, L3
  CHECK(power[0]->magnitude == std::llround(std::abs(m.active()) * 100));
  CHECK(power[0]->active_negative == (m.active() < 0));
  double phases = 0;
  for (unsigned i = 0; i < 3; ++i) {
    CHECK(power[i + 1]->magnitude == std::llround(std::abs(m.phase(i).active) * 100));
    phases += (power[i + 1]->active_negative ? -1.0 : 1.0) * power[i + 1]->magnitude;
  }
  CHECK((power[0]->active_negative ? -1.0 : 1.0) * power[0]->magnitude == Approx(phases).margin(3));

  const auto reactive = s.aux(aux_format::single, 0x04);
  CHECK(reactive[0]->magnitude == std::llround(std::abs(m.reactive()) * 100));
  CHECK(reactive[0]->reactive_negative == (m.reactive() < 0));
  const auto apparent = s.aux(aux_format::single, 0x08);
  CHECK(apparent[0]->magnitude == std::llround(m.apparent() * 100));
  CHECK(apparent[0]->magnitude >= power[0]->magnitude);

  const auto pf = s.aux(aux_format::single, 0x30);
  CHECK(pf[0]->magnitude == std::llround(std::abs(m.power_factor()) * 1000));
  CHECK(pf[0]->magnitude <= 1000);

  const auto frequency = s.aux(aux_format::all_short, 0x40);
  REQUIRE(frequency.size() == 1);
  CHECK(frequency[0]->magnitude == std::llround(m.frequency() * 100));
  CHECK(frequency[0]->magnitude == Approx(5000).margin(50));

  const auto temperature = s.aux(aux_format::single, 0x70);
  CHECK(temperature[0]->magnitude == std::lround(m.temperature()));
  const auto ku = s.aux(aux_format::single, 0x61);
  CHECK(ku[0]->magnitude == std::llround(m.distortion(0) * 100));
}

TEST_CASE("Mercury: the power profile's last-record pointer and its records") {
  session s;
  s.open();
  const auto pointer = mercury::decode_profile_pointer(s.data(mercury::read_info{mercury::info_kind::profile_pointer}));
  REQUIRE(pointer);
  CHECK(pointer->period_minutes == 30);
  CHECK(pointer->stamp == mercury::profile_stamp{13, 0, 2, 3, 26}); // the period that ended at 13:00 local
  CHECK((pointer->status & mercury::profile_status::winter) != 0);
  CHECK((pointer->status & mercury::profile_status::overflow) == 0); // three days of records: no wrap yet
  CHECK(pointer->address % mercury::profile_record_stride == 0);

  const auto record_at = [&](std::uint16_t at) {
    return mercury::decode_profile_record(s.data(mercury::read_memory{mercury::profile_memory, at, 15}));
  };
  const auto last = record_at(pointer->address);
  REQUIRE(last);
  CHECK(last->stamp == pointer->stamp);
  CHECK(last->period_minutes == 30);
  const auto before = record_at(static_cast<std::uint16_t>(pointer->address - 16));
  REQUIRE(before);
  CHECK(before->stamp == mercury::profile_stamp{12, 30, 2, 3, 26});
  CHECK(error_of(record_at(static_cast<std::uint16_t>(pointer->address + 16))) == mercury::mercury_errc::empty_record);

  SECTION("yesterday's 48 records add up to yesterday's energy") {
    // Records of 1 March end at 00:30 … 24:00 (00:00 of 2 March, the record 26 before the one ending 13:00).
    const auto midnight = static_cast<std::uint16_t>(pointer->address - 26 * 16);
    REQUIRE(record_at(midnight)->stamp == mercury::profile_stamp{0, 0, 2, 3, 26});
    std::array<std::uint32_t, 4> counts{};
    for (int i = 0; i < 48; ++i) {
      const auto r = record_at(static_cast<std::uint16_t>(midnight - i * 16));
      REQUIRE(r);
      for (std::size_t k = 0; k < 4; ++k)
        counts[k] += r->counts[k].value_or(0);
    }
    REQUIRE(record_at(static_cast<std::uint16_t>(midnight - 47 * 16))->stamp == mercury::profile_stamp{0, 30, 1, 3, 26});
    const auto day = s.energy(mercury::energy_array::previous_day);
    const double wh_per_count = 500.0 / 1000; // meter constant 1000 imp/kWh (protocol.hpp note 9)
    for (std::size_t k = 0; k < 4; ++k)
      CHECK(counts[k] * wh_per_count == Approx(*day[k]).margin(1.0));
    CHECK(counts[0] > 0);
  }
  SECTION("the pointer moves on when a period ends") {
    s.now.model_ms += 30 * 60'000;
    const auto next = mercury::decode_profile_pointer(s.data(mercury::read_info{mercury::info_kind::profile_pointer}));
    REQUIRE(next);
    CHECK(next->address == static_cast<std::uint16_t>(pointer->address + 16));
    CHECK(next->stamp == mercury::profile_stamp{13, 30, 2, 3, 26});
  }
  SECTION("a read across two records, and memory other than the profile's") {
    const auto two = s.data(mercury::read_memory{mercury::profile_memory, static_cast<std::uint16_t>(pointer->address - 16), 31});
    REQUIRE(two.size() == 31);
    CHECK(std::vector<std::uint8_t>(two.begin() + 16, two.end())
          == s.data(mercury::read_memory{mercury::profile_memory, pointer->address, 15}));
    CHECK(error_of(s.ask(mercury::read_memory{0x02, 0, 15})) == mercury::mercury_errc::invalid_command);
  }
}

TEST_CASE("Mercury: the channel closes after the idle timeout, in host time") {
  using mercury::mercury_errc;
  session s;
  s.open();
  s.now.host_ms += 239'000;
  CHECK(s.ask(mercury::read_time{})); // a request within the timeout keeps it open
  s.now.host_ms += 240'000;
  CHECK(s.ask(mercury::read_time{}));
  s.now.host_ms += 240'001;
  CHECK(s.meter.level(s.now.host_ms) == 0);
  CHECK(error_of(s.ask(mercury::read_time{})) == mercury_errc::channel_not_open);
  s.open();
  CHECK(s.ask(mercury::read_time{}));

  SECTION("model time running fast does not close it") {
    s.now.model_ms += 10 * hour_ms;
    CHECK(s.ask(mercury::read_time{}));
  }
}

TEST_CASE("Mercury: a request to address 0 is answered with address 0 (spec §2)") {
  session s;
  const auto reply = s.raw(mercury::read_info{mercury::info_kind::network_address}, 0);
  REQUIRE(reply.size() == 5);
  CHECK(reply[0] == 0);
  const auto data = mercury::check_reply(reply, 0, mercury::read_info{mercury::info_kind::network_address});
  REQUIRE(data);
  CHECK(*mercury::decode_network_address(*data) == address); // commissioning: what is this meter's address?
  CHECK(s.raw(mercury::test_link{}, 0) == mercury::status_reply(0, 0));
  REQUIRE(s.ask(mercury::open_channel{}, 0));
  CHECK(s.ask(mercury::read_time{}, 0));
}

TEST_CASE("Mercury: broken frames get no answer, unknown commands status 1") {
  session s;
  auto frame = *mercury::encode_request(address, mercury::test_link{});
  frame.back() ^= 0x01;
  CHECK(s.meter.answer(frame, s.now).empty());
  const std::vector<std::uint8_t> three{address, 0x00, 0x00};
  CHECK(s.meter.answer(three, s.now).empty());
  const std::vector<std::uint8_t> unknown{0x07};
  CHECK(s.meter.answer(mercury::seal(address, unknown), s.now) == mercury::status_reply(address, 1));
}
