#pragma once

#include <string>
#include <string_view>

#include <caf/expected.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/v1/reading.pb.h"

/// Conversions between the platform's C++ types and the protobuf bus contract. The only place where protobuf's
/// CamelCase accessors meet the rest of the code.
namespace meterhub::wire {

void to_proto(const reading& in, v1::Reading& out);
reading from_proto(const v1::Reading& in);

void to_proto(const reading_batch& in, v1::ReadingBatch& out);
reading_batch from_proto(const v1::ReadingBatch& in);

/// Serialises a batch to the bytes published on meterhub/v1/readings/{device}.
std::string encode_batch(const reading_batch& batch);

/// Parses published bytes; an error names what was wrong (not protobuf, missing device, invalid device id).
caf::expected<reading_batch> decode_batch(std::string_view bytes);

} // namespace meterhub::wire
