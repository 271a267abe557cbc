// meterhub-um40: readings into a UM-40 SMART concentrator's meter.db, and test data shaped like the maker's own.
#include <chrono>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "daemon.hpp"
#include "meterhub/core/error.hpp"
#include "meterhub/core/time.hpp"
#include "meterhub/um40/error.hpp"
#include "targets.hpp"

using namespace meterhub;
using namespace meterhub::um40_service;

namespace {

int fail(const caf::error& err) {
  std::cerr << "meterhub-um40: " << describe(err) << "\n";
  return 2;
}

void add_target_options(CLI::App* cmd, target_choice& t) {
  cmd->add_option("--target", t.spec, "local:PATH (created when missing) or ssh:NAME")->capture_default_str();
  cmd->add_option("--config", t.config, "YAML with the ssh targets (targets: [{name, host, ...}])");
  cmd->add_option("--ini", t.ini, "a testers' settings.ini; ssh:NAME is its section [NAME]");
  cmd->add_option("--identity", t.identity_file, "private key for --ini targets (else the ini's user_password)");
  cmd->add_option("--known-hosts", t.known_hosts, "known_hosts for --ini targets (default ~/.ssh/known_hosts)");
  cmd->add_option("--host-keys", t.host_keys, "for --ini targets: strict, accept_new or accept_any")
    ->check(CLI::IsMember({"strict", "accept_new", "accept_any"}))
    ->capture_default_str();
}

template <class Command>
int on_target(const target_choice& choice, Command command) {
  auto db = open_target(choice);
  if (!db)
    return fail(db.error());
  if (auto err = command(**db))
    return fail(err);
  return 0;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

int main(int argc, char** argv) {
  CLI::App app{"meterhub-um40: readings into a UM-40 SMART concentrator's meter.db, locally or over SSH"};
  app.require_subcommand(1);

  bool json = false;
  auto* types = app.add_subcommand("list-types", "the record types (ArchTypes) in their order");
  types->add_flag("--json", json, "one JSON object per line");
  auto* journals = app.add_subcommand("list-journals", "the journal record types");
  journals->add_flag("--json", json, "one JSON object per line");

  target_choice target;
  auto* init = app.add_subcommand("init", "create an empty meter.db with the lookup tables (local targets)");
  add_target_options(init, target);

  generate_options gen;
  std::string now_text, zone = "+03:00";
  auto* generate_cmd = app.add_subcommand("generate", "write test records shaped like the maker's generator");
  generate_cmd->add_option("type", gen.type, "MeterTable, ElConfig, ElDayEnergy, ElJrnlOpen, ...")->required();
  generate_cmd->add_option("--count", gen.count, "records to write")->check(CLI::Range(0, 1'000'000))
    ->capture_default_str();
  generate_cmd->add_option("--set", gen.sets, "Tag=Value for every record (A+1=12.5, Valid=0, Timestamp=...)");
  generate_cmd->add_option("--meter-id", gen.meter_id, "MeterId (default: the newest meter, or 1001)");
  generate_cmd->add_option("--seed", gen.seed, "random seed (the same seed gives the same values)");
  generate_cmd->add_option("--now", now_text, "the generator's clock, ISO-8601 (default: now)");
  generate_cmd->add_option("--utc-offset", zone, "local time of days and months: +03:00, UTC")
    ->capture_default_str();
  generate_cmd->add_option("--batch", gen.batch_records, "records per transaction")->check(CLI::Range(1, 100'000))
    ->capture_default_str();
  add_target_options(generate_cmd, target);

  std::string show_type;
  std::int64_t show_meter = 0;
  int last = 10;
  auto* show_cmd = app.add_subcommand("show", "print stored records as JSON with the API's tag names");
  show_cmd->add_option("type", show_type, "MeterTable or a record type")->required();
  show_cmd->add_option("--meter-id", show_meter, "only this MeterId");
  show_cmd->add_option("--last", last, "the newest N records")->check(CLI::Range(1, 1'000'000))
    ->capture_default_str();
  add_target_options(show_cmd, target);

  std::filesystem::path run_config;
  auto* run_cmd = app.add_subcommand("run", "inject the readings of the listed devices from the bus (a daemon)");
  run_cmd->add_option("-c,--config", run_config, "YAML configuration: um40 (target, devices), targets, bus, http, log")
    ->required()
    ->check(CLI::ExistingFile);

  CLI11_PARSE(app, argc, argv);

  if (run_cmd->parsed())
    return run_daemon(run_config);

  if (types->parsed())
    return list_types(std::cout, json), 0;
  if (journals->parsed())
    return list_journals(std::cout, json), 0;
  if (init->parsed())
    return on_target(target, [&](um40::target& db) {
      std::cout << "meterhub-um40: " << db.where() << " is ready\n";
      return caf::error{};
    });
  if (generate_cmd->parsed()) {
    auto offset = parse_utc_offset(zone);
    if (!offset)
      return fail(make_error(um40::um40_errc::bad_value, "--utc-offset: expected +03:00 or UTC, got " + zone));
    gen.utc_offset = *offset;
    gen.now = unix_now();
    if (!now_text.empty()) {
      auto ms = parse_iso8601(now_text);
      if (!ms)
        return fail(make_error(um40::um40_errc::bad_value, "--now: expected ISO-8601, got " + now_text));
      gen.now = *ms / 1000;
    }
    if (gen.seed == 0)
      gen.seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    return on_target(target, [&](um40::target& db) { return generate(db, gen, std::cout); });
  }
  return on_target(target, [&](um40::target& db) { return show(db, show_type, show_meter, last, std::cout); });
}
