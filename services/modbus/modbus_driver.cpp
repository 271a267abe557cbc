#include "modbus_driver.hpp"

#include <charconv>

#include "meterhub/modbus/error.hpp"
#include "meterhub/profiles/readings.hpp"
#include "meterhub/profiles/write.hpp"

namespace meterhub::modbus_service {

namespace {

using modbus::modbus_errc;

/// Registers a device names itself by, read once (profiles name them so; they carry no quantity).
constexpr std::string_view identity_registers[] = {"model", "serial", "firmware"};

class modbus_driver final : public device_driver {
public:
  explicit modbus_driver(const device_settings& cfg) : cfg_(cfg), unit_(static_cast<std::uint8_t>(cfg.address)) {
    for (const auto& g : cfg_.profile->groups)
      plans_.push_back(profiles::plan_group(*cfg_.profile, g, unit_));
    identity_.model = cfg_.profile->model;
  }

  caf::expected<group_result> poll(modbus_link::link& line, const profiles::poll_group& group,
                                   std::int64_t now_ms) override {
    const auto index = static_cast<std::size_t>(&group - cfg_.profile->groups.data());
    const auto& plan = plans_.at(index); // groups come from the same shared profile
    auto replies = read_all(line, plan);
    if (!replies)
      return replies.error();
    if (!identified_)
      identify(line);
    return to_result(profiles::to_readings(*cfg_.profile, group, plan, *replies, now_ms, &counters_));
  }

  device_identity identity() const override { return identity_; }

  caf::expected<std::vector<reading>> read_value(modbus_link::link& line, std::string_view what,
                                                 std::int64_t now_ms) override {
    profiles::profile one = single_register_profile(what);
    if (one.registers.empty())
      return make_error(modbus_errc::bad_profile, "no register \"" + std::string{what} + "\" in profile " +
                                                     cfg_.profile->id + " and not an address such as holding:100");
    const auto plan = profiles::plan_group(one, one.groups.front(), unit_);
    auto replies = read_all(line, plan);
    if (!replies)
      return replies.error();
    auto r = profiles::to_readings(one, one.groups.front(), plan, *replies, now_ms);
    if (!r.failures.empty())
      return r.failures.front().error;
    return r.readings;
  }

  caf::error write_value(modbus_link::link& line, std::string_view what, std::string_view value) override {
    double number = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc{} || end != value.data() + value.size())
      return make_error(modbus_errc::out_of_range, "expected a number, got \"" + std::string{value} + "\"");
    profiles::profile target = *cfg_.profile;
    std::string name{what};
    if (!target.find(name)) {
      target = single_register_profile(what);
      if (target.registers.empty())
        return make_error(modbus_errc::bad_profile, "no register \"" + name + "\" in profile " + cfg_.profile->id);
      target.registers.front().writable = true; // an address given explicitly is the operator's decision
      name = target.registers.front().name;
    }
    auto req = profiles::encode_write(target, name, number);
    if (!req)
      return req.error();
    if (req->table == modbus::table::coil) {
      const std::uint16_t bit = req->coil ? 1 : 0;
      return line.write_coils(unit_, req->address, std::span{&bit, 1});
    }
    return line.write_registers(unit_, req->address, req->registers);
  }

private:
  /// Every request's reply. The line failing ends the poll at once (the line actor reopens it); a device that
  /// answered no request at all gave nothing: its first error is the poll's.
  caf::expected<std::vector<profiles::request_reply>> read_all(modbus_link::link& line,
                                                               const std::vector<modbus::read_request>& plan) {
    std::vector<profiles::request_reply> replies;
    replies.reserve(plan.size());
    bool any_answer = plan.empty();
    for (const auto& req : plan) {
      auto reply = line.read(req.unit_id, req.table, req.address, req.count);
      if (!reply && (reply.error() == modbus_errc::io_error || reply.error() == modbus_errc::timeout))
        return std::move(reply.error()); // a silent device: do not spend a timeout on each of its requests
      any_answer = any_answer || static_cast<bool>(reply);
      replies.push_back(std::move(reply));
    }
    if (!any_answer)
      return std::move(replies.front().error());
    return replies;
  }

  group_result to_result(profiles::group_readings r) const {
    group_result out{std::move(r.readings), {}};
    for (auto& f : r.failures)
      out.failures.push_back({cfg_.profile->registers[f.register_index].name, std::move(f.error)});
    return out;
  }

  /// The model, serial and firmware registers, once, after the first answer.
  void identify(modbus_link::link& line) {
    identified_ = true;
    for (auto name : identity_registers) {
      if (!cfg_.profile->find(name))
        continue;
      auto values = read_value(line, name, 0);
      if (!values || values->empty())
        continue;
      const auto& r = values->front();
      auto text = !r.text.empty() ? r.text : r.value ? profiles::to_text(static_cast<std::int64_t>(*r.value)) : "";
      (name == "model" ? identity_.model : name == "serial" ? identity_.serial : identity_.firmware) = text;
    }
  }

  /// A profile of one register (the named one, or one given by address) with its scale register, in one group.
  profiles::profile single_register_profile(std::string_view what) const {
    profiles::profile one = *cfg_.profile;
    one.registers.clear();
    one.groups.assign(1, profiles::poll_group{"read", {}, {}, {}});
    if (const auto* reg = cfg_.profile->find(what)) {
      one.registers.push_back(*reg);
      if (one.registers.front().quantity.empty())
        one.registers.front().quantity = "x:" + reg->name;
      if (reg->scale_register)
        for (const auto& r : cfg_.profile->registers)
          if (r.table == reg->table && r.address == *reg->scale_register)
            one.registers.push_back(r);
    } else if (auto raw = parse_raw_register(what)) {
      one.registers.push_back(*raw);
    }
    if (!one.registers.empty())
      one.groups.front().registers.push_back(0);
    return one;
  }

  device_settings cfg_;
  std::uint8_t unit_;
  std::vector<std::vector<modbus::read_request>> plans_;
  profiles::counter_tracker counters_;
  device_identity identity_;
  bool identified_ = false;
};

caf::expected<std::uint16_t> parse_address(std::string_view text) {
  unsigned value = 0;
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc{} || end != text.data() + text.size() || value > 65535 || text.empty())
    return make_error(modbus_errc::bad_profile, "address: expected 0..65535 or 0x0000..0xFFFF");
  return static_cast<std::uint16_t>(value);
}

} // namespace

caf::expected<profiles::register_def> parse_raw_register(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return make_error(modbus_errc::bad_profile, "expected table:address such as holding:100");
  profiles::register_def r;
  auto t = modbus::table_from_string(text.substr(0, colon));
  if (!t)
    return make_error(modbus_errc::bad_profile, "table: expected coil, discrete_input, holding or input");
  r.table = *t;
  auto rest = text.substr(colon + 1);
  const auto slash = rest.find('/');
  auto address = parse_address(rest.substr(0, slash));
  if (!address)
    return address.error();
  r.address = *address;
  r.spec.type = modbus::is_bit_table(r.table) ? modbus::value_type::boolean : modbus::value_type::u16;
  if (slash != std::string_view::npos) {
    rest.remove_prefix(slash + 1);
    const auto next = rest.find('/');
    auto type = modbus::value_type_from_string(rest.substr(0, next));
    if (!type)
      return make_error(modbus_errc::bad_profile, "type: unknown \"" + std::string{rest.substr(0, next)} + "\"");
    r.spec.type = *type;
    if (next != std::string_view::npos) {
      auto order = modbus::word_order_from_string(rest.substr(next + 1));
      if (!order)
        return make_error(modbus_errc::bad_profile, "word order: expected ABCD, CDAB, BADC or DCBA");
      r.spec.order = *order;
    }
  }
  r.name = std::string{text};
  r.quantity = "x:" + std::string{modbus::to_string(r.table)} + "." + std::to_string(r.address);
  return r;
}

std::unique_ptr<device_driver> make_modbus_driver(const device_settings& device) {
  return std::make_unique<modbus_driver>(device);
}

} // namespace meterhub::modbus_service
