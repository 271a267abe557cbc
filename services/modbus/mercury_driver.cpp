#include "mercury_driver.hpp"

#include <set>

#include "meterhub/mercury/backfill.hpp"
#include "meterhub/mercury/clock.hpp"
#include "meterhub/mercury/error.hpp"
#include "meterhub/mercury/info.hpp"
#include "meterhub/mercury/items.hpp"
#include "meterhub/mercury/profile.hpp"
#include "meterhub/mercury/reply.hpp"
#include "meterhub/mercury/request.hpp"
#include "meterhub/modbus/error.hpp"

namespace meterhub::modbus_service {

namespace {

using mercury::mercury_errc;
using bytes = std::vector<std::uint8_t>;

mercury::options options_of(const device_settings& d) {
  mercury::options o;
  const auto& m = d.profile->mercury;
  o.phases = m.phases;
  o.tariffs = m.tariffs;
  o.energy_wh_per_count = m.energy_wh_per_count;
  o.meter_constant = m.meter_constant;
  o.addressing = m.profile_addressing == "record_index" ? mercury::profile_addressing::record_index
                                                        : mercury::profile_addressing::byte_address;
  o.utc_offset = d.utc_offset;
  return o;
}

/// A password as the meter takes it: six digits become the bytes 1..9 (the factory "111111" is 01 × 6), anything
/// else is sent as its raw bytes (spec §4).
mercury::password password_of(const std::string& text) {
  if (auto digits = mercury::password_from_digits(text))
    return *digits;
  mercury::password raw{};
  for (std::size_t i = 0; i < raw.size() && i < text.size(); ++i)
    raw[i] = static_cast<std::uint8_t>(text[i]);
  return raw;
}

class mercury_driver final : public device_driver {
public:
  explicit mercury_driver(const device_settings& cfg)
    : cfg_(cfg), address_(static_cast<std::uint8_t>(cfg.address)), options_(options_of(cfg)) {
    identity_.model = cfg_.profile->model;
  }

  caf::expected<group_result> poll(modbus_link::link& line, const profiles::poll_group& group,
                                   std::int64_t now_ms) override {
    if (!identified_)
      identify(line);
    auto stamp = meter_clock(line, now_ms);
    if (!stamp)
      return stamp.error();
    group_result out;
    bool answered = false;
    for (const auto& name : group.items) {
      auto item = mercury::item_from_string(name);
      if (!item || refused_.count(*item))
        continue;
      auto err = read_item(line, *item, stamp->time_ms, out);
      if (err && (err == modbus::modbus_errc::timeout || err == modbus::modbus_errc::io_error) && !answered)
        return err;
      answered = answered || !err;
      if (err)
        out.failures.push_back({name, err});
    }
    for (auto& r : out.readings)
      r.flags |= stamp->flags;
    out.readings.push_back(stamp->drift);
    return out;
  }

  device_identity identity() const override { return identity_; }

  caf::expected<std::vector<reading>> backfill(modbus_link::link& line, std::int64_t from_ms, std::int64_t to_ms,
                                               std::int64_t now_ms) override {
    if (!cfg_.profile->mercury.power_profile)
      return std::vector<reading>{};
    auto data = ask(line, mercury::read_info{mercury::info_kind::profile_pointer});
    if (!data)
      return data.error();
    auto pointer = mercury::decode_profile_pointer(*data);
    if (!pointer)
      return pointer.error();
    std::vector<reading> out;
    for (const auto& read : mercury::plan_profile_reads(*pointer, from_ms, to_ms, options_)) {
      auto cell = ask(line, read.request);
      if (!cell)
        return cell.error();
      auto record = mercury::decode_profile_record(*cell);
      if (!record && record.error() == mercury_errc::empty_record)
        continue; // the meter was off or its memory was erased for that period: nothing to fill in
      if (!record)
        return record.error();
      auto readings = mercury::profile_readings(*record, options_);
      out.insert(out.end(), readings.begin(), readings.end());
    }
    if (auto err = day_archives(line, from_ms, now_ms, out))
      return err;
    return out;
  }

  caf::expected<std::vector<reading>> read_value(modbus_link::link& line, std::string_view what,
                                                 std::int64_t now_ms) override {
    auto item = mercury::item_from_string(what);
    if (!item)
      return make_error(modbus::modbus_errc::bad_profile,
                        "a Mercury 23x meter reads items (power, voltage, energy_total, ...), not \"" +
                          std::string{what} + "\"");
    group_result out;
    if (auto err = read_item(line, *item, now_ms, out))
      return err;
    return std::move(out.readings);
  }

  caf::error write_value(modbus_link::link&, std::string_view, std::string_view) override {
    return make_error(modbus::modbus_errc::bad_profile, "a Mercury 23x meter takes no register writes; its clock is "
                                                        "set with SET_CLOCK");
  }

  caf::error set_clock(modbus_link::link& line, std::int64_t unix_ms) override {
    channel_open_ = false; // the next read re-opens at level 1
    auto opened = transact(line, mercury::open_channel{mercury::access_level::admin, password_of(cfg_.admin_password)});
    if (!opened)
      return opened.error();
    const bool winter = true; // the meter keeps standard time; seasonal switching is off on the sites served
    auto done = transact(line, mercury::set_time{mercury::meter_time_at(unix_ms, cfg_.utc_offset, winter)});
    transact(line, mercury::close_channel{});
    return done ? caf::error{} : done.error();
  }

private:
  struct clock_stamp {
    std::int64_t time_ms = 0;
    std::uint32_t flags = 0;
    reading drift;
  };

  caf::expected<bytes> transact(modbus_link::link& line, const mercury::request& r) {
    return mercury_transact(line, address_, r);
  }

  /// A request on an open channel: opens it first, and once more when the meter had closed it (status 5).
  caf::expected<bytes> ask(modbus_link::link& line, const mercury::request& r) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!channel_open_) {
        auto opened = transact(line, mercury::open_channel{mercury::access_level::user, password_of(cfg_.password)});
        if (!opened)
          return opened.error();
        channel_open_ = true;
      }
      auto reply = transact(line, r);
      if (reply || reply.error() != mercury_errc::channel_not_open)
        return reply;
      channel_open_ = false;
    }
    return make_error(mercury_errc::channel_not_open, "the meter closed the channel again right after opening");
  }

  caf::error read_item(modbus_link::link& line, mercury::item item, std::int64_t time_ms, group_result& out) {
    for (const auto& req : mercury::item_requests(item, options_)) {
      auto data = ask(line, req);
      if (!data) {
        if (data.error() == mercury_errc::invalid_command)
          refused_.insert(item); // the model lacks it (spec §6): not asked again
        return data.error();
      }
      auto readings = mercury::readings_of(req, *data, options_, time_ms);
      if (!readings)
        return readings.error();
      out.readings.insert(out.readings.end(), readings->begin(), readings->end());
    }
    return {};
  }

  /// The meter's clock as the poll's time, and its drift against the host; the host's time, flagged suspicious,
  /// when the clock cannot be read.
  caf::expected<clock_stamp> meter_clock(modbus_link::link& line, std::int64_t now_ms) {
    clock_stamp s;
    auto data = ask(line, mercury::read_time{});
    auto time = data ? mercury::decode_meter_time(*data) : caf::expected<mercury::meter_time>{data.error()};
    if (!time) {
      if (time.error() == modbus::modbus_errc::timeout || time.error() == modbus::modbus_errc::io_error)
        return time.error();
      s.time_ms = now_ms;
      s.flags = static_cast<std::uint32_t>(flag::suspicious);
      s.drift = reading{"x:clock_drift", std::nullopt, unit::second, now_ms, s.flags, describe(time.error())};
      return s;
    }
    last_time_ = *time;
    s.time_ms = mercury::wall_clock_ms(*time) - std::chrono::milliseconds{cfg_.utc_offset}.count();
    s.drift = reading{"x:clock_drift", static_cast<double>(s.time_ms - now_ms) / 1000.0, unit::second, s.time_ms, 0,
                      ""};
    return s;
  }

  /// The start-of-day registers of today and yesterday, when the outage reaches back to them.
  caf::error day_archives(modbus_link::link& line, std::int64_t from_ms, std::int64_t now_ms,
                          std::vector<reading>& out) {
    if (!last_time_)
      return {};
    for (auto array : {mercury::energy_array::day_start, mercury::energy_array::previous_day_start}) {
      auto requests = mercury::archive_requests(array, 0, options_);
      if (!requests)
        return requests.error();
      for (const auto& req : *requests) {
        const auto& energy = std::get<mercury::read_energy>(req);
        auto at = mercury::archive_time_ms(energy, *last_time_, options_);
        if (!at || *at < from_ms || *at > now_ms)
          break;
        auto data = ask(line, req);
        if (!data)
          return data.error();
        auto readings = mercury::archive_readings(energy, *data, *last_time_, options_);
        if (!readings)
          return readings.error();
        out.insert(out.end(), readings->begin(), readings->end());
      }
    }
    return {};
  }

  /// Serial number and firmware version, once (08 00 needs no open channel, LP).
  void identify(modbus_link::link& line) {
    identified_ = true;
    if (auto data = ask(line, mercury::read_info{mercury::info_kind::serial}))
      if (auto serial = mercury::decode_serial(*data))
        identity_.serial = serial->serial_text();
    if (auto data = ask(line, mercury::read_info{mercury::info_kind::version}))
      if (auto version = mercury::decode_version(*data))
        identity_.firmware = mercury::version_text(*version);
  }

  device_settings cfg_;
  std::uint8_t address_;
  mercury::options options_;
  bool channel_open_ = false;
  bool identified_ = false;
  std::set<mercury::item> refused_;
  std::optional<mercury::meter_time> last_time_;
  device_identity identity_;
};

} // namespace

caf::expected<std::vector<std::uint8_t>> mercury_transact(modbus_link::link& line, std::uint8_t address,
                                                          const mercury::request& r) {
  auto frame = mercury::encode_request(address, r);
  if (!frame)
    return frame.error();
  const auto shape = mercury::reply_shape_of(r);
  auto raw = line.exchange({reinterpret_cast<const char*>(frame->data()), frame->size()}, shape.max_frame(),
                           mercury::min_frame_size);
  if (!raw)
    return raw.error();
  const std::span bytes_in{reinterpret_cast<const std::uint8_t*>(raw->data()), raw->size()};
  auto data = mercury::check_reply(bytes_in, address, r);
  if (!data)
    return data.error();
  return bytes{data->begin(), data->end()};
}

std::unique_ptr<device_driver> make_mercury_driver(const device_settings& device) {
  return std::make_unique<mercury_driver>(device);
}

} // namespace meterhub::modbus_service
