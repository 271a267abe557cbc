#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <caf/error.hpp>

#include "meterhub/um40/schema.hpp"
#include "meterhub/um40/value.hpp"

namespace meterhub::um40 {

/// One archived record of one meter as the concentrator's API shows it: a record type, the meter, the time, the
/// validity and the values by tag ("A+0", "UA", "P+"). A tag that is absent is NULL. For config types the record is
/// the meter's one config row and `valid` is unused.
struct record {
  const record_type* type = nullptr;
  std::int64_t meter_id = 0;  ///< MeterTable.MeterId, the user-visible number; DeviceIdx is resolved in SQL
  std::int64_t timestamp = 0; ///< Unix seconds
  bool valid = true;          ///< false: a "no data for this time" header, written without value rows
  std::map<std::string, value, std::less<>> values;
};

/// Sets one tag from text as a user types it (`--set A+1=12.5`): the header keys `Timestamp` (or `ts`: Unix
/// seconds) and `Valid` (0/1), otherwise a tag of the record's table parsed by its kind. unknown_tag names the type
/// and the tag; bad_value says what the tag takes.
caf::error set_tag(record& r, std::string_view tag, std::string_view text);

/// Sets one tag of the record's table to a typed value (checked like `set_tag`).
caf::error set_value(record& r, std::string_view tag, value v);

/// A MeterTable row, by the tags of the concentrator's meter list (spec §3): `id` MeterId, `pId` ParentId,
/// `typeName` (MeterTypes.Type), `addr`, `passRd`, `passWr`, `ifaceName` (MeterIfaces.Name), `ifaceCfg`,
/// `rtuObjType`, `rtuFider`, `rtuObjNum`. Type and interface are names: their ids differ between devices.
struct meter {
  std::int64_t meter_id = 0;
  std::int64_t parent_id = 0;
  std::string type_name = "SE303"; ///< the reference generator's default type (Energomera CE303)
  std::string address = "ТЕСТ";
  std::string read_password = "373737373737";
  std::string write_password = "373737373737";
  std::string interface_name = "Iface1";
  std::string interface_config = "9600,8n1";
  std::int64_t rtu_obj_type = 1;
  std::int64_t rtu_feeder = 1;
  std::int64_t rtu_obj_num = 1;
};

/// Sets one meter-list tag from text; unknown_tag or bad_value otherwise. `index` and `type` (the device's own
/// ids) are read-only.
caf::error set_meter_tag(meter& m, std::string_view tag, std::string_view text);

/// The meter-list tags `set_meter_tag` takes, in the API's order.
std::span<const std::string_view> meter_tags() noexcept;

} // namespace meterhub::um40
