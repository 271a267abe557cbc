#include "control.hpp"

#include "meterhub/core/time.hpp"
#include "sim_time.hpp"
#include "sk_text.hpp"

namespace meterhub::echonet_sim {

namespace {

std::string lose(module& m, const std::vector<std::string>& w, std::int64_t now) {
  auto how = session_loss::peer;
  if (w.size() == 2 && (w[1] == "28" || w[1] == "timeout"))
    how = session_loss::timeout;
  else if (w.size() == 2 && w[1] == "silent")
    how = session_loss::silent;
  else if (w.size() != 1 && !(w.size() == 2 && (w[1] == "26" || w[1] == "peer")))
    return "error lose-session takes 26|28|silent";
  return m.lose_session(how, now) ? "ok lose-session" : "error no session to lose";
}

} // namespace

std::string status_line(const module& m, const meter& mt) {
  const auto& c = m.counts();
  return "status clock=" + format_iso8601(mt.clock_ms()) + " jst=" + format_jst(mt.clock_ms()) + " import=" + std::to_string(mt.import_raw())
         + " export=" + std::to_string(mt.export_raw()) + " power=" + std::to_string(mt.power_w())
         + " session=" + to_string(m.state()) + " txlimit=" + (m.txlimited() ? "on" : "off")
         + " wopt=" + (m.data_mode() == skstack::data_format::hex ? "01" : "00")
         + " commands=" + std::to_string(c.commands) + " requests=" + std::to_string(c.requests)
         + " served=" + std::to_string(c.served) + " unanswered=" + std::to_string(c.unanswered)
         + " failed-sends=" + std::to_string(c.failed_sends) + " notifications=" + std::to_string(c.notifications)
         + " joins=" + std::to_string(c.joins) + " faults=" + [&] {
             auto d = m.faults().describe();
             for (auto& ch : d)
               if (ch == ' ')
                 ch = ',';
             return d;
           }();
}

std::string run_control_line(module& m, const meter& mt, std::string_view line, std::int64_t now) {
  const auto w = split_tokens(std::string{line});
  if (w.empty())
    return "error empty control line";
  const auto& cmd = w[0];
  if (cmd == "status" && w.size() == 1)
    return status_line(m, mt);
  if (cmd == "reauth" && w.size() == 1)
    return m.start_reauth(now) ? "ok reauth" : "error no session to re-authenticate";
  if (cmd == "txlimit" && w.size() == 2 && (w[1] == "on" || w[1] == "off")) {
    m.set_txlimit(w[1] == "on", now);
    return "ok txlimit " + w[1];
  }
  if (cmd == "lose-session")
    return lose(m, w, now);
  if (cmd == "advance" && w.size() == 2) {
    const auto ms = parse_duration_ms(w[1]);
    if (!ms || *ms <= 0)
      return "error advance takes a positive duration (90s, 30m, 1d)";
    m.advance_meter(*ms, now);
    return "ok advance " + format_iso8601(mt.clock_ms()) + " jst=" + format_jst(mt.clock_ms());
  }
  if (cmd == "fault" && w.size() == 2)
    return m.faults().set(w[1]) ? "ok faults " + m.faults().describe()
                                : "error fault takes silence|garble|drop-session|fail-send[:PERCENT]";
  if (cmd == "clear" && w.size() == 1) {
    m.faults().clear();
    return "ok faults none";
  }
  return "error unknown control line: " + std::string{line};
}

} // namespace meterhub::echonet_sim
