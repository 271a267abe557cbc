// libFuzzer target for the bytes that arrive from the broker: anyone who may publish on meterhub/v1/# can send
// them to storage (readings, device states), the gateway (readings for live streams) and the adapters (commands).
// A batch that decodes must also survive the conversions every consumer makes: JSON and encoding back.
#include <cstdint>
#include <string_view>

#include "meterhub/v1/command.pb.h"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/json.hpp"

using namespace meterhub;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes{reinterpret_cast<const char*>(data), size};
  if (auto batch = wire::decode_batch(bytes)) {
    for (const auto& r : batch->readings)
      (void) wire::to_json(batch->device, r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto again = wire::decode_batch(wire::encode_batch(*batch));
    if (!again || !(*again == *batch))
      __builtin_trap(); // what decodes must encode back to the same batch
  }
  v1::DeviceState state;
  (void) state.ParseFromArray(data, static_cast<int>(size));
  v1::Command command;
  (void) command.ParseFromArray(data, static_cast<int>(size));
  return 0;
}
