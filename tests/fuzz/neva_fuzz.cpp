// libFuzzer target for the NEVA codec: register addresses, every value decoder and the register table. Input: one
// options byte (bits 0-1 model family, bit 7 native energy codes), then "address LF reply". The reply also goes
// through every decoder and every polled register directly, so no decoder depends on the address to be reached.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "meterhub/neva/address.hpp"
#include "meterhub/neva/clock.hpp"
#include "meterhub/neva/ident.hpp"
#include "meterhub/neva/profile.hpp"
#include "meterhub/neva/registers.hpp"
#include "meterhub/neva/tariff_tables.hpp"
#include "meterhub/neva/values.hpp"
#include "meterhub/neva/words.hpp"

using namespace meterhub::neva;

namespace {

void decode_everything(std::string_view reply) {
  (void) decode_number(reply);
  (void) decode_number(reply, true);
  (void) decode_energy(reply);
  (void) decode_energy_list(reply);
  (void) decode_kilowatts(reply);
  (void) decode_demand_list(reply);
  (void) decode_power_factor(reply);
  (void) decode_temperature(reply);
  (void) decode_date(reply);
  (void) decode_time(reply);
  (void) decode_weekday(reply);
  (void) decode_status_word(reply);
  (void) decode_configuration_word(reply);
  (void) decode_text(reply);
  (void) decode_day_schedule(reply);
  (void) decode_seasons(reply);
  (void) decode_special_days(reply);
  (void) parse_neva_ident(reply);
}

void check_profile(std::string_view reply) {
  for (auto forced : {std::optional<power_scale>{}, std::optional{power_scale::kilowatt}}) {
    auto profile = decode_load_profile(reply, forced);
    if (!profile)
      continue;
    if (profile->values.size() != 24 && profile->values.size() != 48)
      std::abort();
    for (std::size_t i = 0; i < profile->values.size(); ++i)
      (void) profile->watts(i).to_double();
  }
}

/// An address that parsed must survive the trip through both of its printed forms.
void check_address(register_address reg) {
  if (parse_address(to_wire(reg)) != reg || parse_address(to_string(reg)) != reg)
    std::abort();
  (void) to_obis_text(reg);
  (void) is_archive(reg);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const model_options options{static_cast<model_family>(data[0] % 3), (data[0] & 0x80) != 0};
  const std::string_view input{reinterpret_cast<const char*>(data + 1), size - 1};
  const auto split = input.find('\n');
  const auto address = input.substr(0, split);
  const auto reply = split == std::string_view::npos ? std::string_view{} : input.substr(split + 1);
  if (auto reg = parse_address(address)) {
    check_address(*reg);
    (void) to_readings(*reg, reply, 0, options);
    (void) register_meaning(*reg, options.family);
  }
  decode_everything(reply);
  check_profile(reply);
  for (auto reg : instantaneous_registers(options.family))
    (void) to_readings(reg, reply, 0, options);
  return 0;
}
