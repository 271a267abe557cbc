#pragma once

#include <cstdint>
#include <vector>

#include <caf/expected.hpp>
#include <nlohmann/json.hpp>

#include "meterhub/um40/record.hpp"
#include "meterhub/um40/shell.hpp"

/// Records read back from meter.db (the rows of `select_records` / `select_meters`) and their JSON form with the
/// concentrator API's tag names, as `meterhub-um40 show` and `generate` print them.
namespace meterhub::um40 {

struct stored_record {
  std::int64_t id = 0;         ///< MeterData.Id (0 for configs)
  std::int64_t device_idx = 0; ///< MeterTable.DeviceIdx, the API's `id`
  record rec;
};

/// Folds the rows of `select_records(type, …)` into records (value rows of one header become its tags). Values
/// are read by each tag's kind; a value a device stored with another kind is kept as text rather than dropped.
caf::expected<std::vector<stored_record>> records_from_rows(const record_type& type, const std::vector<row>& rows);

struct stored_meter {
  std::int64_t index = 0;   ///< DeviceIdx
  std::int64_t type_id = 0; ///< the device's MeterTypes.Id
  meter m;
};

caf::expected<std::vector<stored_meter>> meters_from_rows(const std::vector<row>& rows);

/// {"type", "id" (DeviceIdx), "meterId", "ts", "Valid", then every tag of the table in API order (null when
/// absent)}; configs omit "Valid".
nlohmann::ordered_json to_json(const stored_record& r);

/// {"index", "id", "pId", "type", "typeName", "addr", "passRd", "passWr", "ifaceName", "ifaceCfg", "rtuObjType",
/// "rtuFider", "rtuObjNum"}.
nlohmann::ordered_json to_json(const stored_meter& m);

/// The number of columns each row of `select_records(type, …)` has.
std::size_t record_columns(const record_type& type);
inline constexpr std::size_t meter_columns = 13;

} // namespace meterhub::um40
