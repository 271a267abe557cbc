#include "commands.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <thread>

#include <pthread.h>


#include "grpc/health/v1/health.grpc.pb.h"
#include "meterhub/core/time.hpp"
#include "meterhub/v1/gateway.grpc.pb.h"
#include "meterhub/wire/convert.hpp"
#include "meterhub/wire/json.hpp"
#include "table.hpp"
#include "time_args.hpp"

namespace meterhub::ctl {

namespace {

/// The canonical name of a gRPC status code, as the gRPC documentation and other tools print it.
const char* code_name(grpc::StatusCode code) {
  static const char* const names[] = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}; // by number
  const auto i = static_cast<std::size_t>(code);
  return i < sizeof names / sizeof names[0] ? names[i] : "unknown code";
}

int fail(const std::string& what, const grpc::Status& status) {
  std::cerr << "meterhubctl: " << what << ": " << status.error_message() << " (" << code_name(status.error_code())
            << ", gRPC code " << status.error_code() << ")\n";
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ? 3 : 2;
}

int usage_error(const std::string& what) {
  std::cerr << "meterhubctl: " << what << "\n";
  return 64;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::vector<std::string> reading_row(const std::string& device, const reading& r) {
  auto flags = wire::flag_names(r.flags);
  std::string flag_text;
  for (const auto& f : flags)
    flag_text += (flag_text.empty() ? "" : ",") + f.get<std::string>();
  return {device,
          r.quantity,
          r.value ? format_value(*r.value) : r.text,
          std::string{to_string(r.unit)},
          format_iso8601(r.time_ms),
          flag_text};
}

table readings_table() {
  return table{{"DEVICE", "QUANTITY", "VALUE", "UNIT", "TIME", "FLAGS"}};
}

std::unique_ptr<v1::Gateway::Stub> gateway(const connection_options& conn) {
  return v1::Gateway::NewStub(open_channel(conn));
}

} // namespace

int list_devices(const connection_options& conn, const output_options& out) {
  v1::ListDevicesResponse resp;
  auto status = gateway(conn)->ListDevices(make_context(conn).get(), {}, &resp);
  if (!status.ok())
    return fail("devices", status);
  table t{{"DEVICE", "HEALTH", "READINGS", "LAST SEEN", "MODEL", "REASON"}};
  for (const auto& d : resp.devices()) {
    const auto health = v1::Health_Name(d.state().health()).substr(7); // drop "HEALTH_"
    if (out.json) {
      nlohmann::ordered_json j{{"device", d.device()},
                               {"health", d.has_state() ? health : "UNKNOWN"},
                               {"readings", d.reading_count()},
                               {"first_seen", format_iso8601(d.first_seen_unix_ms())},
                               {"last_seen", format_iso8601(d.last_seen_unix_ms())},
                               {"model", d.state().model()},
                               {"reason", d.state().reason()}};
      std::cout << j.dump() << "\n";
    } else {
      t.add({d.device(), d.has_state() ? health : "UNKNOWN", std::to_string(d.reading_count()),
             format_iso8601(d.last_seen_unix_ms()), d.state().model(), d.state().reason()});
    }
  }
  if (!out.json)
    t.print(std::cout);
  return 0;
}

int show_latest(const connection_options& conn, const output_options& out, const std::string& device,
                const std::vector<std::string>& quantities) {
  v1::LatestRequest req;
  req.set_device(device);
  for (const auto& q : quantities)
    req.add_quantities(q);
  v1::LatestResponse resp;
  auto status = gateway(conn)->Latest(make_context(conn).get(), req, &resp);
  if (!status.ok())
    return fail("latest " + device, status);
  auto t = readings_table();
  for (const auto& pr : resp.readings()) {
    auto r = wire::from_proto(pr);
    if (out.json)
      std::cout << wire::to_json(device, r).dump() << "\n";
    else
      t.add(reading_row(device, r));
  }
  if (!out.json)
    t.print(std::cout);
  return 0;
}

namespace {

/// Builds the request, or explains in `problem` what is wrong with the arguments.
std::optional<v1::RangeRequest> range_request(const range_args& args, std::string& problem) {
  v1::RangeRequest req;
  req.set_device(args.device);
  req.set_quantity(args.quantity);
  const auto now = now_ms();
  auto from = parse_time_arg(args.from, now);
  auto to = parse_time_arg(args.to, now);
  if (!from || !to)
    return problem = "--from/--to take 'now', '-1h' or ISO-8601", std::nullopt;
  req.set_from_unix_ms(*from);
  req.set_to_unix_ms(*to);
  if (!args.bucket.empty()) {
    auto width = parse_duration_ms(args.bucket);
    if (!width || *width == 0)
      return problem = "--bucket takes a duration such as 15m", std::nullopt;
    req.set_bucket_ms(*width);
  }
  for (const auto& a : args.aggregates) {
    std::string upper = a;
    for (auto& c : upper)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    v1::Aggregate agg;
    if (upper.empty() || !v1::Aggregate_Parse("AGGREGATE_" + upper, &agg) || agg == v1::AGGREGATE_UNSPECIFIED)
      return problem = "--agg takes min, max, avg, last", std::nullopt;
    req.add_aggregates(agg);
  }
  req.set_limit(args.limit);
  return req;
}

void print_buckets(const v1::RangeResponse& resp, const output_options& out) {
  table t{{"BUCKET START", "COUNT", "MIN", "MAX", "AVG", "LAST"}};
  auto cell = [](bool has, double v) { return has ? format_value(v) : std::string{"-"}; };
  for (const auto& b : resp.buckets()) {
    if (out.json) {
      nlohmann::ordered_json j{{"device", resp.device()}, {"quantity", resp.quantity()},
                               {"start", format_iso8601(b.start_unix_ms())}, {"count", b.count()}};
      if (b.has_min()) j["min"] = b.min();
      if (b.has_max()) j["max"] = b.max();
      if (b.has_avg()) j["avg"] = b.avg();
      if (b.has_last()) j["last"] = b.last();
      std::cout << j.dump() << "\n";
    } else {
      t.add({format_iso8601(b.start_unix_ms()), std::to_string(b.count()), cell(b.has_min(), b.min()),
             cell(b.has_max(), b.max()), cell(b.has_avg(), b.avg()), cell(b.has_last(), b.last())});
    }
  }
  if (!out.json)
    t.print(std::cout);
}

} // namespace

int show_range(const connection_options& conn, const output_options& out, const range_args& args) {
  std::string problem;
  auto req = range_request(args, problem);
  if (!req)
    return usage_error(problem);
  v1::RangeResponse resp;
  auto status = gateway(conn)->Range(make_context(conn).get(), *req, &resp);
  if (!status.ok())
    return fail("range", status);
  if (req->bucket_ms() > 0) {
    print_buckets(resp, out);
  } else {
    auto t = readings_table();
    for (const auto& pr : resp.readings()) {
      auto r = wire::from_proto(pr);
      if (out.json)
        std::cout << wire::to_json(args.device, r).dump() << "\n";
      else
        t.add(reading_row(args.device, r));
    }
    if (!out.json)
      t.print(std::cout);
  }
  if (resp.truncated())
    std::cerr << "meterhubctl: the answer was cut at the limit; narrow the range or raise --limit\n";
  return 0;
}

namespace {

sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

/// Ends a stream on SIGINT or SIGTERM the way -n does: the call is cancelled, what was printed stays printed, and
/// the exit code is 0 (a signal's default action would kill the process mid-line with no exit code). The signals
/// must be blocked before gRPC starts its threads, so that only this watcher takes them.
class cancel_on_stop_signal {
public:
  static void block() {
    const auto set = stop_signals();
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  }

  explicit cancel_on_stop_signal(grpc::ClientContext& ctx)
    : thread_([this, &ctx] {
        const auto set = stop_signals();
        const timespec tick{0, 100'000'000};
        while (!done_)
          if (::sigtimedwait(&set, nullptr, &tick) > 0) {
            ctx.TryCancel();
            return;
          }
      }) {
  }
  ~cancel_on_stop_signal() {
    done_ = true;
    thread_.join();
  }

private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

} // namespace

int watch(const connection_options& conn, const output_options& out, const watch_args& args) {
  cancel_on_stop_signal::block();
  v1::StreamReadingsRequest req;
  for (const auto& d : args.devices)
    req.add_devices(d);
  for (const auto& q : args.quantities)
    req.add_quantities(q);
  auto ctx = make_context(conn, true);
  cancel_on_stop_signal stopper{*ctx};
  auto stream = gateway(conn)->StreamReadings(ctx.get(), req);
  v1::ReadingEvent event;
  long seen = 0;
  while (stream->Read(&event)) {
    auto r = wire::from_proto(event.reading());
    if (out.json) {
      std::cout << wire::to_json(event.device(), r).dump() << std::endl;
    } else {
      auto row = reading_row(event.device(), r);
      std::cout << row[4] << "  " << row[0] << "  " << row[1] << "  " << row[2] << " " << row[3] << std::endl;
    }
    if (args.count > 0 && ++seen >= args.count) {
      ctx->TryCancel();
      break;
    }
  }
  auto status = stream->Finish();
  if (!status.ok() && status.error_code() != grpc::StatusCode::CANCELLED)
    return fail("watch", status);
  return 0;
}

int send_command(const connection_options& conn, const output_options& out, const command_args& args) {
  static const std::map<std::string, v1::CommandKind> kinds{
    {"read", v1::COMMAND_KIND_READ},           {"write", v1::COMMAND_KIND_WRITE},
    {"set-clock", v1::COMMAND_KIND_SET_CLOCK}, {"read-archive", v1::COMMAND_KIND_READ_ARCHIVE},
    {"poll", v1::COMMAND_KIND_POLL}};
  auto kind = kinds.find(args.kind);
  if (kind == kinds.end())
    return usage_error("unknown command kind '" + args.kind + "' (read, write, set-clock, read-archive, poll)");
  v1::Command cmd;
  cmd.set_id("ctl-" + std::to_string(now_ms()));
  cmd.set_device(args.device);
  cmd.set_kind(kind->second);
  for (const auto& q : args.quantities)
    cmd.add_quantities(q);
  cmd.set_address(args.address);
  cmd.set_value(args.value);
  if (!args.time.empty()) {
    auto t = parse_time_arg(args.time, now_ms());
    if (!t)
      return usage_error("--time takes 'now', '-1d' or ISO-8601");
    cmd.set_time_unix_ms(*t);
  }
  if (!args.until.empty()) {
    auto t = parse_time_arg(args.until, now_ms());
    if (!t)
      return usage_error("--to takes 'now', '-1h' or ISO-8601");
    (*cmd.mutable_args())["until"] = std::to_string(*t);
  }
  cmd.set_timeout_ms(static_cast<std::uint32_t>(args.timeout_ms));
  auto wide = conn;
  wide.timeout_ms = args.timeout_ms + 2000;
  v1::CommandResult result;
  auto status = gateway(conn)->SendCommand(make_context(wide).get(), cmd, &result);
  if (!status.ok())
    return fail("command", status);
  const auto verdict = v1::CommandStatus_Name(result.status()).substr(15); // drop "COMMAND_STATUS_"
  if (out.json) {
    nlohmann::ordered_json j{{"id", result.id()}, {"device", result.device()}, {"status", verdict},
                             {"message", result.message()}, {"readings", nlohmann::json::array()}};
    for (const auto& pr : result.readings())
      j["readings"].push_back(wire::to_json(result.device(), wire::from_proto(pr)));
    std::cout << j.dump() << "\n";
  } else {
    std::cout << verdict << (result.message().empty() ? "" : ": " + result.message()) << "\n";
    auto t = readings_table();
    for (const auto& pr : result.readings())
      t.add(reading_row(result.device(), wire::from_proto(pr)));
    if (result.readings_size() > 0)
      t.print(std::cout);
  }
  return result.status() == v1::COMMAND_STATUS_OK ? 0 : 1;
}

int check_health(const connection_options& conn, const output_options& out) {
  auto stub = grpc::health::v1::Health::NewStub(open_channel(conn));
  grpc::health::v1::HealthCheckResponse resp;
  auto status = stub->Check(make_context(conn).get(), {}, &resp);
  if (!status.ok())
    return fail("health", status);
  const auto name = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(resp.status());
  if (out.json)
    std::cout << nlohmann::json{{"target", conn.target}, {"status", name}}.dump() << "\n";
  else
    std::cout << conn.target << ": " << name << "\n";
  return resp.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}

} // namespace meterhub::ctl
