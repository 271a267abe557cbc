#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <caf/expected.hpp>

#include "meterhub/um40/target.hpp"

/// Which meter.db a command works on: `local:PATH` (created when missing), `ssh:NAME` for a target of that name in
/// the YAML configuration (`targets:` in deploy/config/um40.yaml), or a section of a testers' settings.ini given
/// with --ini.
namespace meterhub::um40_service {

struct target_choice {
  std::string spec = "local:meter.db"; ///< --target
  std::filesystem::path config;        ///< --config: the YAML with `targets:`
  std::filesystem::path ini;           ///< --ini: a settings.ini whose sections name SSH targets
  std::filesystem::path known_hosts;   ///< --known-hosts, for --ini targets
  std::string host_keys = "strict";    ///< --host-keys, for --ini targets
  std::filesystem::path identity_file; ///< --identity, for --ini targets (the ini's password is used otherwise)
};

/// Opens the chosen target; the error names the spec and what is wrong with it.
caf::expected<std::unique_ptr<um40::target>> open_target(const target_choice& choice);

/// The SSH settings of target `name` in the YAML file (every key checked, unknown keys refused).
caf::expected<um40::ssh_target_settings> ssh_target_from_config(const std::filesystem::path& file,
                                                                const std::string& name);

/// "strict", "accept_new", "accept_any" (also OpenSSH's "yes", "accept-new", "no").
caf::expected<ssh::host_key_policy> host_key_policy_of(const std::string& text);

} // namespace meterhub::um40_service
