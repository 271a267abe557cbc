#include "vscp_command.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>

#include <yaml-cpp/yaml.h>

#include "daemon.hpp"
#include "meterhub/service/service.hpp"

namespace meterhub::bridge {

void add_vscp_options(CLI::App* cmd, vscp_command_options& o) {
  cmd->add_option("-c,--config", o.ini, "the script's config.ini (GENERAL, VSCP, MQTT)")
    ->required()
    ->check(CLI::ExistingFile);
  cmd->add_flag("--oneshot", o.one_shot, "publish one telegram's events, then exit");
  cmd->add_flag("-v,--verbose", o.verbose, "log every event published");
  cmd->add_flag("-d,--debug", o.debug, "log everything, the bus included");
  cmd->add_option("--bus", o.bus_url, "the meterhub broker (default $METERHUB_BUS_URL or tcp://127.0.0.1:1883)");
  cmd->add_option("--bus-prefix", o.bus_prefix, "the meterhub topic prefix")->capture_default_str();
  cmd->add_option("--mac", o.mac, "the MAC of the GUIDs (default: the interface of the default route)");
  cmd->add_option("--device", o.devices, "bridge only these devices (globs such as p1-*; default: all)");
  cmd->add_option("--profile", o.profile, "script (the script's events, quirks included) or spec")
    ->check(CLI::IsMember({"script", "spec"}));
  cmd->add_option("--state-dir", o.state_dir, "the bus's inbox")->capture_default_str();
  cmd->add_option("--timeout", o.timeout_s, "with --oneshot: seconds to wait for a telegram")->capture_default_str();
}

namespace {

/// The bridge's settings for this command: the YAML it stands for, built from the options (emitted by yaml-cpp, so
/// any path or glob is quoted as YAML needs).
std::string yaml_of(const vscp_command_options& o) {
  const char* env = std::getenv("METERHUB_BUS_URL");
  const auto url = !o.bus_url.empty() ? o.bus_url : env ? std::string{env} : std::string{"tcp://127.0.0.1:1883"};
  YAML::Emitter y;
  y << YAML::BeginMap;
  y << YAML::Key << "bridge" << YAML::Value << YAML::BeginMap << YAML::Key << "state_dir" << YAML::Value
    << std::filesystem::absolute(o.state_dir).string() << YAML::EndMap;
  y << YAML::Key << "mirror" << YAML::Value << YAML::BeginMap << YAML::Key << "enabled" << YAML::Value << false
    << YAML::EndMap;
  y << YAML::Key << "vscp" << YAML::Value << YAML::BeginMap;
  y << YAML::Key << "enabled" << YAML::Value << true;
  y << YAML::Key << "config_ini" << YAML::Value << std::filesystem::absolute(o.ini).string();
  if (!o.mac.empty())
    y << YAML::Key << "mac" << YAML::Value << o.mac;
  if (!o.profile.empty())
    y << YAML::Key << "profile" << YAML::Value << o.profile;
  if (!o.devices.empty())
    y << YAML::Key << "devices" << YAML::Value << YAML::BeginMap << YAML::Key << "allow" << YAML::Value << o.devices
      << YAML::EndMap;
  y << YAML::EndMap;
  y << YAML::Key << "bus" << YAML::Value << YAML::BeginMap << YAML::Key << "url" << YAML::Value << url << YAML::Key
    << "prefix" << YAML::Value << o.bus_prefix << YAML::Key << "instance" << YAML::Value
    << service::host_name() + "-vscp" << YAML::EndMap;
  y << YAML::Key << "http" << YAML::Value << YAML::BeginMap << YAML::Key << "listen" << YAML::Value << "127.0.0.1:0"
    << YAML::EndMap;
  y << YAML::Key << "log" << YAML::Value << YAML::BeginMap << YAML::Key << "level" << YAML::Value
    << (o.debug ? "trace" : o.verbose ? "debug" : "info") << YAML::EndMap;
  y << YAML::EndMap;
  return std::string{y.c_str()} + "\n";
}

} // namespace

int run_vscp_command(const vscp_command_options& o) {
  std::error_code ec;
  std::filesystem::create_directories(o.state_dir, ec);
  const auto file = o.state_dir / "vscp-command.yaml";
  {
    std::ofstream out(file, std::ios::trunc);
    out << yaml_of(o);
  }
  auto s = load_settings(file);
  if (!s) {
    std::cerr << "meterhub-bridge: " << describe(s.error()) << "\n";
    return 2;
  }
  const bool once = o.one_shot || s->vscp.one_shot;
  return run_bridge(std::move(*s), {once, std::chrono::milliseconds{static_cast<std::int64_t>(o.timeout_s) * 1000}});
}

} // namespace meterhub::bridge
