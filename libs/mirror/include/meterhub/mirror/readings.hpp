#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// The plain and JSON mirrors of a ReadingBatch.
///
/// What "a state" is: the latest live value of a quantity. Only such values go to the plain topics, retained, so a
/// subscriber (or Home Assistant after a restart) reads the value now at once. Readings that are not the present
/// value never overwrite it: backfilled readings (read from the meter's archive), readings marked invalid or
/// suspicious, and all but the newest of a batch's readings of one quantity (a Route-B half-hour series, a DSMR
/// failure log). Those are in the JSON mirror, which carries every reading of every batch with its flags and is not
/// retained: it is a stream, not a state.
namespace meterhub::mirror {

/// The shortest text that reads back as the same double ("230.1", "12345", "-0.5", "1e-05"); "-0" is written "0".
std::string number_text(double value);

/// The plain payload of a reading: `number_text` of its value, or its text (made valid UTF-8) when it has none.
std::string plain_payload(const reading& r);

/// One reading bound for a plain topic, with its readable name.
struct plain_value {
  const meterhub::reading* item = nullptr; ///< points into the batch, which must outlive this
  std::string name;
};

/// The readings of `batch` that are states (see above): live, valid, the newest of each name (the later one in the
/// batch on a tie), in the order their names first appear in the batch.
std::vector<plain_value> state_readings(const reading_batch& batch);

/// The plain messages of `values` of `device`, retained, at the settings' QoS.
std::vector<message> plain_messages(const settings& s, const topic_builder& topics, std::string_view device,
                                    const std::vector<plain_value>& values);

/// The JSON mirror of a batch: {"device","source","sequence","received","received_unix_ms","values":[...]}, each
/// value `wire::to_json` without the device, plus "name" and "time_unix_ms".
nlohmann::ordered_json batch_json(const reading_batch& batch);

/// `batch_json` as a message on the batch topic, not retained.
message batch_message(const settings& s, const topic_builder& topics, const reading_batch& batch);

} // namespace meterhub::mirror
