#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <caf/expected.hpp>
#include <nlohmann/json.hpp>

#include "meterhub/core/reading.hpp"
#include "meterhub/mirror/message.hpp"
#include "meterhub/mirror/settings.hpp"
#include "meterhub/mirror/topics.hpp"

/// The alert mirror: each meterhub.v1.Alert as JSON on the alert topic (not retained: it is an event), and the
/// rule's state retained on its own topic, so a dashboard shows which rules are active now without having seen the
/// moment they were raised.
namespace meterhub::mirror {

/// A decoded meterhub.v1.Alert.
struct alert_event {
  std::string device;
  std::string rule;
  std::string quantity;
  bool raised = false; ///< raised, or cleared
  std::string text;    ///< the rule's message
  std::int64_t time_ms = 0;
  std::optional<meterhub::reading> reading; ///< the reading that raised or cleared it, when the rule sent one

  friend bool operator==(const alert_event&, const alert_event&) = default;
};

/// Parses bytes from {bus}/v1/alerts/{device}; an error (malformed_alert) when they are not an Alert or its state
/// is neither raised nor cleared.
caf::expected<alert_event> decode_alert(std::string_view bytes);

/// {"device","rule","quantity","name","state":"raised"|"cleared","active","message","time","time_unix_ms",
/// "reading": wire::to_json or absent}.
nlohmann::ordered_json alert_json(std::string_view device, const alert_event& a);

/// The alert on the alert topic, then the rule's retained state (the same JSON) on the rule topic.
std::vector<message> alert_messages(const settings& s, const topic_builder& topics, std::string_view device,
                                    const alert_event& a);

} // namespace meterhub::mirror
