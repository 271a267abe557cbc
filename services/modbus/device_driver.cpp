#include "device_driver.hpp"

#include "meterhub/modbus/error.hpp"
#include "mercury_driver.hpp"
#include "modbus_driver.hpp"

namespace meterhub::modbus_service {

device_driver::~device_driver() = default;

caf::expected<std::vector<reading>> device_driver::backfill(modbus_link::link&, std::int64_t, std::int64_t,
                                                            std::int64_t) {
  return make_error(modbus::modbus_errc::bad_profile, "this device keeps no power profile or archive to read");
}

caf::error device_driver::set_clock(modbus_link::link&, std::int64_t) {
  return make_error(modbus::modbus_errc::bad_profile, "this device has no clock to set");
}

std::unique_ptr<device_driver> make_driver(const device_settings& device) {
  if (device.mercury())
    return make_mercury_driver(device);
  return make_modbus_driver(device);
}

} // namespace meterhub::modbus_service
