// NEVA lines as users wire them, end to end: converters that dial in to the adapter (two meters behind one modem),
// a pty standing in for a serial port, and an imitator killed in the middle of a poll session and started again.
// Real processes (meterhub-iec61107-sim, meterhub-iec61107, Mosquitto, storage, the gateway), real sockets and ptys.
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "cli_fixtures.hpp"
#include "meterhub/v1/status.pb.h"
#include "meterhub/wire/convert.hpp"
#include "platform.hpp"

using namespace meterhub;
using namespace meterhub::it;
using namespace std::chrono_literals;

namespace {

const std::string voltage = "1-0:32.7.0";
const std::string energy = "1-0:1.8.0";

/// The rest of the stdout line that starts with `marker` ("pty: " → "/dev/pts/7"); "" while there is none.
std::string printed(const testing::process& proc, const std::string& marker) {
  const auto out = proc.stdout_text();
  const auto at = out.find(marker);
  const auto end = at == std::string::npos ? std::string::npos : out.find('\n', at);
  return end == std::string::npos ? std::string{} : out.substr(at + marker.size(), end - at - marker.size());
}

/// meterhub-iec61107-sim with `args`, its meter clocks on UTC so that reading times can be compared with the host's.
/// Waits for the stdout line starting with `marker` ("tcp: ", "pty: ", "dial: ").
std::unique_ptr<testing::process> start_imitator(platform& p, const std::string& name, std::vector<std::string> args,
                                                 const std::string& marker) {
  std::vector<std::string> argv{"/usr/bin/env", "TZ=UTC", testing::program("meterhub-iec61107-sim").string(),
                                "--log-level", "debug"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto sim = std::make_unique<testing::process>(argv, p.dir().path(), name);
  const bool started = testing::eventually([&] { return !printed(*sim, marker).empty(); }, 10s);
  INFO(name << " stderr: " << sim->stderr_text());
  REQUIRE(started);
  return sim;
}

struct meter_entry {
  std::string address;
  std::string password;
};

/// meterhub-iec61107 with one line on `port` and `meters` on it, each polled every second, clocks on UTC.
std::unique_ptr<testing::process> start_adapter(platform& p, const std::string& port,
                                                const std::vector<meter_entry>& meters) {
  const auto file = p.dir() / "iec61107-lines.yaml";
  std::ofstream yaml(file);
  yaml << "lines:\n  - port: '" << port << "'\n    reply_timeout: 1s\n    after_break: 100ms\n    meters:\n";
  for (const auto& m : meters)
    yaml << "      - {address: '" << m.address << "', password: '" << m.password
         << "', interval: 1s, timezone: '+00:00'}\n";
  yaml.close();
  return std::make_unique<testing::process>(
    std::vector<std::string>{"/usr/bin/env", "METERHUB_BUS__URL=" + p.broker().url(),
                             "METERHUB_BUS__STATE_DIR=" + (p.dir() / "iec-bus").string(),
                             "METERHUB_HTTP__LISTEN=127.0.0.1:" + std::to_string(testing::free_port()),
                             "METERHUB_LOG__LEVEL=debug", testing::program("meterhub-iec61107").string(), "run",
                             "--config", file.string()},
    p.dir().path(), "iec61107");
}

std::optional<v1::Reading> latest(platform& p, const std::string& device, const std::string& quantity) {
  return p.latest(device, quantity);
}

/// The device as the gateway lists it (its last published state included), when it is listed.
std::optional<v1::DeviceInfo> listed(platform& p, const std::string& device) {
  grpc::ClientContext ctx;
  v1::ListDevicesResponse res;
  if (!p.gateway().ListDevices(&ctx, {}, &res).ok())
    return std::nullopt;
  for (const auto& d : res.devices())
    if (d.device() == device)
      return d;
  return std::nullopt;
}

bool online(platform& p, const std::string& device) {
  auto d = listed(p, device);
  return d && d->state().health() == v1::HEALTH_ONLINE;
}

/// Every stored reading time of one quantity, in the order the storage returns them.
std::vector<std::int64_t> stored_times(platform& p, const std::string& device, const std::string& quantity) {
  grpc::ClientContext ctx;
  v1::RangeRequest req;
  req.set_device(device);
  req.set_quantity(quantity);
  req.set_from_unix_ms(0);
  req.set_to_unix_ms(4'000'000'000'000);
  req.set_limit(100'000);
  v1::RangeResponse res;
  std::vector<std::int64_t> out;
  if (p.gateway().Range(&ctx, req, &res).ok())
    for (const auto& r : res.readings())
      out.push_back(r.time_unix_ms());
  return out;
}

/// The end of a process's log, for the message of a failed check.
std::string tail_of(const testing::process& proc, std::size_t chars = 4000) {
  const auto text = proc.stderr_text();
  return text.size() <= chars ? text : "..." + text.substr(text.size() - chars);
}

/// Checks one meter's values as the gateway gives them: a plausible mains voltage and an energy register, both at
/// the meter's clock (UTC here), so within seconds of the host's. Returns the energy.
double check_meter_values(platform& p, const std::string& device, const testing::process& adapter,
                          const testing::process& sim) {
  INFO(device);
  const bool arrived =
    testing::eventually([&] { return latest(p, device, voltage) && latest(p, device, energy); }, 30s);
  INFO("adapter: " << tail_of(adapter) << "\nimitator: " << tail_of(sim));
  REQUIRE(arrived);
  const auto u = *latest(p, device, voltage);
  const auto e = *latest(p, device, energy);
  CHECK(u.value() > 200);
  CHECK(u.value() < 260);
  CHECK(e.value() > 0);
  CHECK(std::llabs(u.time_unix_ms() - wall_clock_ms()) < 15'000);
  CHECK(std::llabs(e.time_unix_ms() - wall_clock_ms()) < 15'000);
  return e.value();
}

// ---- what went over the bus -----------------------------------------------------------------------------------

const std::string readings_topic = "meterhub/v1/readings/";
const std::string state_topic = "meterhub/v1/state/";

/// The reading batches among `msgs` (from index `from` on), in the order they arrived.
std::vector<reading_batch> batches_in(const std::vector<cli::bus_message>& msgs, std::size_t from = 0) {
  std::vector<reading_batch> out;
  for (std::size_t i = from; i < msgs.size(); ++i) {
    if (msgs[i].topic.rfind(readings_topic, 0) != 0)
      continue;
    auto batch = wire::decode_batch(msgs[i].payload);
    INFO("undecodable batch on " << msgs[i].topic);
    REQUIRE(batch);
    CHECK(msgs[i].topic == readings_topic + batch->device);
    out.push_back(std::move(*batch));
  }
  return out;
}

/// The states of `device` among `msgs` (from index `from` on), in the order they arrived.
std::vector<v1::DeviceState> states_in(const std::vector<cli::bus_message>& msgs, const std::string& device,
                                       std::size_t from = 0) {
  std::vector<v1::DeviceState> out;
  for (std::size_t i = from; i < msgs.size(); ++i) {
    if (msgs[i].topic != state_topic + device)
      continue;
    v1::DeviceState s;
    REQUIRE(s.ParseFromString(msgs[i].payload));
    out.push_back(std::move(s));
  }
  return out;
}

std::set<std::string> quantities_of(const reading_batch& b) {
  std::set<std::string> out;
  for (const auto& r : b.readings)
    out.insert(r.quantity);
  return out;
}

/// A poll's batch, as opposed to an archive pass's: a poll reads the meter's clock first and publishes its drift.
bool is_poll(const reading_batch& b) {
  return std::any_of(b.readings.begin(), b.readings.end(),
                     [](const reading& r) { return r.quantity == "x:clock_drift"; });
}

std::vector<reading_batch> polls_in(const std::vector<reading_batch>& batches) {
  std::vector<reading_batch> out;
  std::copy_if(batches.begin(), batches.end(), std::back_inserter(out), is_poll);
  return out;
}

/// The time of `quantity` in the batch; 0 when it is missing.
std::int64_t time_of(const reading_batch& b, const std::string& quantity) {
  for (const auto& r : b.readings)
    if (r.quantity == quantity)
      return r.time_ms;
  return 0;
}

/// Occurrences of `what` in `text` from `from` on.
std::size_t count_of(const std::string& text, const std::string& what, std::size_t from = 0) {
  std::size_t n = 0;
  for (auto at = text.find(what, from); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

/// The energy register of a poll; -1 when it is missing.
double energy_of(const reading_batch& b) {
  for (const auto& r : b.readings)
    if (r.quantity == energy && r.value)
      return *r.value;
  return -1.0;
}

/// Whole polls only (every poll's batch has the quantities of the first), each (device, quantity, time) once
/// over all batches (archive passes included), and the sequence numbers of each source strictly increasing in the
/// order the broker delivered them.
void check_published_once(const std::vector<reading_batch>& batches) {
  const auto polls = polls_in(batches);
  REQUIRE(!polls.empty());
  const auto full = quantities_of(polls.front());
  CHECK(full.count(voltage) == 1);
  CHECK(full.count(energy) == 1);
  CHECK(full.size() >= 10);
  std::set<std::tuple<std::string, std::string, std::int64_t>> seen;
  std::map<std::string, std::uint64_t> last_sequence;
  for (const auto& b : batches) {
    INFO("batch " << b.source << " #" << b.sequence);
    if (is_poll(b))
      CHECK(quantities_of(b) == full);
    for (const auto& r : b.readings) {
      INFO(r.quantity << " at " << r.time_ms);
      CHECK(seen.emplace(b.device, r.quantity, r.time_ms).second);
    }
    if (auto it = last_sequence.find(b.source); it != last_sequence.end())
      CHECK(b.sequence > it->second);
    last_sequence[b.source] = b.sequence;
  }
}

/// The storage holds every published voltage and energy reading of `device` once, in strictly increasing time.
void check_stored_once(platform& p, const std::string& device, const std::vector<reading_batch>& batches) {
  for (const auto& quantity : {voltage, energy}) {
    INFO(quantity);
    std::vector<std::int64_t> published;
    for (const auto& b : batches)
      for (const auto& r : b.readings)
        if (r.quantity == quantity)
          published.push_back(r.time_ms);
    std::sort(published.begin(), published.end()); // archive passes publish the past after a poll
    const auto stored = stored_times(p, device, quantity);
    CHECK(std::adjacent_find(stored.begin(), stored.end(), std::greater_equal<>{}) == stored.end());
    CHECK(stored == published);
  }
}

/// True while the imitator is in the middle of a poll session (not an archive pass): signed on, password accepted,
/// the clock and the energy register read, and the power (the 4th register of a poll) but no break yet; its debug
/// log names every read.
bool mid_poll(const testing::process& sim) {
  const auto log = sim.stderr_text();
  const auto accepted = log.rfind("password accepted");
  return accepted != std::string::npos && log.find(": read 100700FF", accepted) != std::string::npos &&
         log.find(": break", accepted) == std::string::npos;
}

} // namespace

TEST_CASE("two meters behind one converter that dials in: both are polled, stored and online") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const std::string where = "127.0.0.1:" + std::to_string(testing::free_port());
  auto adapter = start_adapter(p, "listen://" + where, {{"00000301", "30130130"}, {"00000302", "30230230"}});
  // The converter's modem greets first, as a GSM modem's CONNECT does; the adapter must not take it for a meter.
  auto sim = start_imitator(p, "neva-dial",
                            {"--connect", where, "--greeting", "CONNECT 9600", "--redial", "200ms", "--seed", "3",
                             "--meter", "00000301:30130130", "--meter", "00000302:30230230"},
                            "dial: ");

  const double e1 = check_meter_values(p, "iec61107-00000301", *adapter, *sim);
  const double e2 = check_meter_values(p, "iec61107-00000302", *adapter, *sim);
  CHECK(e1 != e2); // each meter has its own counters: the adapter signed on to each address, not twice to one

  for (const std::string device : {"iec61107-00000301", "iec61107-00000302"}) {
    INFO(device);
    const bool up = testing::eventually([&] { return online(p, device); }, 20s);
    INFO("adapter: " << tail_of(*adapter));
    REQUIRE(up);
    const auto d = listed(p, device);
    CHECK(d->state().reason().empty());
    CHECK(d->state().model() == "NEVA MT324.23");
    CHECK(d->state().protocol() == "iec61107");
    CHECK(d->reading_count() > 0);
  }
  // Both keep being polled over the one connection: each gets newer readings.
  const auto first1 = latest(p, "iec61107-00000301", voltage)->time_unix_ms();
  const auto first2 = latest(p, "iec61107-00000302", voltage)->time_unix_ms();
  const bool newer = testing::eventually(
    [&] {
      auto a = latest(p, "iec61107-00000301", voltage);
      auto b = latest(p, "iec61107-00000302", voltage);
      return a && b && a->time_unix_ms() > first1 && b->time_unix_ms() > first2;
    },
    20s);
  INFO("adapter: " << tail_of(*adapter) << "\nimitator: " << tail_of(*sim));
  CHECK(newer);
  // One converter connection served everything: the adapter never hung up on it.
  CHECK(count_of(sim->stderr_text(), ": connected") == 1);
}

TEST_CASE("a meter on a pty, as on a serial port: values arrive through the gateway") {
  platform p;
  p.start_storage();
  p.start_gateway();
  auto sim = start_imitator(p, "neva-pty", {"--pty", "--seed", "4", "--meter", "00000401:40140140"}, "pty: ");
  const auto pty = printed(*sim, "pty: ");
  REQUIRE(pty.rfind("/dev/", 0) == 0);
  auto adapter = start_adapter(p, pty, {{"00000401", "40140140"}});

  check_meter_values(p, "iec61107-00000401", *adapter, *sim);
  const bool up = testing::eventually([&] { return online(p, "iec61107-00000401"); }, 20s);
  INFO("adapter: " << tail_of(*adapter) << "\nimitator: " << tail_of(*sim));
  REQUIRE(up);
  CHECK(listed(p, "iec61107-00000401")->state().model() == "NEVA MT324.23");
  CHECK(adapter->stderr_text().find("line " + pty + " open") != std::string::npos);
}

TEST_CASE("an imitator killed mid-session: the device goes offline, recovers, and nothing is published twice") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const std::string device = "iec61107-00000501";
  // A fixed port, so that the imitator comes back where the adapter looks for it (its listener sets SO_REUSEADDR).
  const std::string where = "127.0.0.1:" + std::to_string(testing::free_port());
  // 120 ms before every reply: a poll of some twenty registers takes seconds, so there is a session to cut.
  const std::vector<std::string> sim_args{"--listen", where, "--reply-delay", "120ms", "--seed", "5",
                                          "--meter", "00000501:50150150"};
  cli::bus_listener bus{p.broker().url(), "meterhub/v1/#"};
  auto sim = start_imitator(p, "neva-tcp-0", sim_args, "tcp: ");
  auto adapter = start_adapter(p, where, {{"00000501", "50150150"}});

  const bool flowing = testing::eventually([&] { return polls_in(batches_in(bus.messages())).size() >= 2; }, 40s);
  INFO("adapter: " << tail_of(*adapter));
  REQUIRE(flowing);

  // Cut a poll in its middle: some twenty registers to read, four read so far.
  REQUIRE(testing::eventually([&] { return mid_poll(*sim); }, 20s));
  const auto batches_before = batches_in(bus.messages()).size();
  const auto killed_at = bus.messages().size();
  const auto killed_ms = wall_clock_ms();
  sim->kill_hard();
  INFO("imitator before the kill: " << tail_of(*sim));
  REQUIRE(mid_poll(*sim)); // killed before the poll could end

  // The device is reported offline, with the line's failure as the reason, on the bus and through the gateway.
  auto offline_states = [&] {
    std::vector<v1::DeviceState> out;
    for (auto& s : states_in(bus.messages(), device, killed_at))
      if (s.health() == v1::HEALTH_OFFLINE)
        out.push_back(std::move(s));
    return out;
  };
  const bool offline = testing::eventually([&] { return !offline_states().empty(); }, 10s);
  INFO("adapter: " << tail_of(*adapter));
  REQUIRE(offline);
  CHECK(offline_states().front().reason().rfind("line: ", 0) == 0);
  CHECK(testing::eventually(
    [&] {
      auto d = listed(p, device);
      return d && d->state().health() == v1::HEALTH_OFFLINE;
    },
    10s));
  CHECK(batches_in(bus.messages()).size() == batches_before); // nothing from the cut session

  // A few seconds without a meter, then the same meter (same seed: its counters go on) on the same port.
  std::this_thread::sleep_for(3s);
  CHECK(batches_in(bus.messages()).size() == batches_before);
  sim = start_imitator(p, "neva-tcp-1", sim_args, "tcp: ");

  const bool recovered = testing::eventually(
    [&] { return polls_in(batches_in(bus.messages(), killed_at)).size() >= 2 && online(p, device); }, 40s);
  INFO("adapter: " << tail_of(*adapter) << "\nimitator after the restart: " << tail_of(*sim));
  REQUIRE(recovered);
  const auto after_states = states_in(bus.messages(), device, killed_at);
  REQUIRE(!after_states.empty());
  CHECK(after_states.back().health() == v1::HEALTH_ONLINE);
  CHECK(after_states.back().last_success_unix_ms() > killed_ms);

  // Stop publishing, and let the storage catch up with the bus, before judging the whole record.
  adapter->stop();
  CHECK(testing::eventually(
    [&] { return stored_times(p, device, voltage).size() == polls_in(batches_in(bus.messages())).size(); }, 10s));
  const auto batches = batches_in(bus.messages());
  REQUIRE(batches.size() >= batches_before + 2);
  CHECK(std::all_of(batches.begin(), batches.end(), [&](const reading_batch& b) { return b.device == device; }));

  // (b) on the bus and (a) in storage: every reading once, from whole polls only.
  check_published_once(batches);
  check_stored_once(p, device, batches);
  // Polls after the restart read newer times than every poll before it; the energy counter went on, not back.
  const auto before = polls_in({batches.begin(), batches.begin() + static_cast<std::ptrdiff_t>(batches_before)});
  const auto after = polls_in({batches.begin() + static_cast<std::ptrdiff_t>(batches_before), batches.end()});
  REQUIRE(!before.empty());
  REQUIRE(after.size() >= 2);
  for (const auto& b : after)
    CHECK(time_of(b, voltage) > std::max(time_of(before.back(), voltage), killed_ms));
  CHECK(energy_of(after.back()) >= energy_of(before.back()));
}

TEST_CASE("a line that cannot be opened shows in every meter's state with the reason") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const auto nobody = "127.0.0.1:" + std::to_string(testing::free_port()); // nothing listens there
  auto adapter = start_adapter(p, nobody, {{"00000311", "00000000"}, {"00000312", "00000000"}});
  for (const std::string device : {"iec61107-00000311", "iec61107-00000312"}) {
    INFO(device);
    const bool down = testing::eventually(
      [&] {
        auto d = listed(p, device);
        return d && d->state().health() == v1::HEALTH_OFFLINE &&
               d->state().reason().find("line: ") == 0 &&
               d->state().reason().find("refused") != std::string::npos;
      },
      15s);
    INFO("adapter: " << tail_of(*adapter));
    CHECK(down);
  }
}

TEST_CASE("a converter that dials in again replaces its hung connection") {
  platform p;
  p.start_storage();
  p.start_gateway();
  const std::string where = "127.0.0.1:" + std::to_string(testing::free_port());
  const std::string device = "iec61107-00000321";
  auto adapter = start_adapter(p, "listen://" + where, {{"00000321", "32132132"}});
  const std::vector<std::string> meter{"--connect", where, "--seed", "5", "--meter", "00000321:32132132"};
  auto first = start_imitator(p, "neva-first", meter, "dial: ");
  check_meter_values(p, device, *adapter, *first);

  ::kill(first->pid(), SIGSTOP); // the modem hangs, its TCP connection stays open
  const bool stalled = testing::eventually([&] { return !online(p, device); }, 20s);
  INFO("adapter: " << tail_of(*adapter));
  REQUIRE(stalled);
  auto second = start_imitator(p, "neva-second", meter, "dial: ");
  const auto redialled = wall_clock_ms();
  const bool back = testing::eventually(
    [&] {
      auto e = latest(p, device, energy);
      return online(p, device) && e && e->time_unix_ms() > redialled;
    },
    20s);
  INFO("adapter: " << tail_of(*adapter));
  CHECK(back);
  CHECK(adapter->stderr_text().find("it replaces") != std::string::npos);
  ::kill(first->pid(), SIGCONT);
}
