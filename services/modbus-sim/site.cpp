#include "site.hpp"

#include <map>
#include <memory>

#include "mercury_meter.hpp"
#include "meterhub/config/config.hpp"

namespace meterhub::modbus_sim {

namespace {

caf::error invalid(std::string text) {
  return make_error(config::config_errc::invalid, text);
}

/// Profiles by the name devices give them (an id in the profiles folder, or a file path), loaded once.
class profile_store {
public:
  explicit profile_store(std::filesystem::path dir) : dir_(std::move(dir)) {}

  caf::expected<std::shared_ptr<const profiles::profile>> profile(const std::string& name) {
    if (auto it = profiles_.find(name); it != profiles_.end())
      return it->second;
    const bool path = name.find('/') != std::string::npos || name.ends_with(".yaml");
    const auto file = path ? std::filesystem::path{name} : dir_ / (name + ".yaml");
    if (!path && !std::filesystem::exists(file))
      return invalid("profile '" + name + "': no " + file.string() + " (--profiles names the folder)");
    auto loaded = profiles::load_profile(file);
    if (!loaded)
      return loaded.error();
    auto p = std::make_shared<const profiles::profile>(std::move(*loaded));
    profiles_.emplace(name, p);
    return p;
  }

  /// The shared template of a Modbus profile; the first time also says which quantities the model lacks.
  std::shared_ptr<const device_template> templ(const std::shared_ptr<const profiles::profile>& p,
                                               std::vector<std::string>& notes) {
    if (auto it = templates_.find(p.get()); it != templates_.end())
      return it->second;
    auto t = std::make_shared<const device_template>(p);
    for (const auto& unknown : t->unknown_quantities())
      notes.push_back(p->id + ": " + unknown + " has no value in the model: it reads 0");
    templates_.emplace(p.get(), t);
    return t;
  }

private:
  std::filesystem::path dir_;
  std::map<std::string, std::shared_ptr<const profiles::profile>> profiles_;
  std::map<const profiles::profile*, std::shared_ptr<const device_template>> templates_;
};

caf::error add_mercury(line_station& station, const std::shared_ptr<const profiles::profile>& p,
                       const device_spec& d, std::uint8_t address, std::uint64_t seed, const build_options& o) {
  mercury_settings s;
  s.address = address;
  s.seed = seed;
  s.utc_offset = o.utc_offset;
  s.channel_timeout = o.channel_timeout;
  s.profile_days = o.profile_days;
  s.step_ms = o.step_ms;
  const auto user = password_of(d.password), admin = password_of(d.admin_password);
  if (!user || !admin)
    return invalid("Mercury " + std::to_string(address) + " on " + station.name()
                   + ": passwords are six digits (\"111111\") or six characters");
  s.user = *user;
  s.admin = *admin;
  station.add(std::make_unique<mercury_meter>(p, s, o.start_ms));
  return {};
}

caf::error add_devices(line_station& station, std::size_t line, const device_spec& d, profile_store& store,
                       const build_options& o, built_site& out) {
  auto p = store.profile(d.profile);
  if (!p)
    return p.error();
  const bool mercury = (*p)->protocol == profiles::protocol::mercury23x;
  if (mercury && station.framing() == modbus::framing::tcp)
    return invalid("line '" + station.name() + "': Mercury meters (" + d.profile + ") speak RTU-style frames: "
                   "put them on a pty or rtu-tcp line");
  for (unsigned a = d.first; a <= d.last; ++a) {
    const auto address = static_cast<std::uint8_t>(a);
    const auto seed = d.seed ? *d.seed + (a - d.first) : device_seed(o.seed, line, address);
    if (mercury) {
      if (auto err = add_mercury(station, *p, d, address, seed, o))
        return err;
    } else {
      physics_options model;
      model.seed = seed;
      model.start_ms = o.start_ms;
      model.utc_offset = o.utc_offset;
      model.step_ms = o.step_ms;
      station.add(std::make_unique<modbus_device>(store.templ(*p, out.notes), device_identity{address, seed}, model));
    }
    ++out.devices;
  }
  return {};
}

} // namespace

std::uint64_t device_seed(std::uint64_t site_seed, std::size_t line, std::uint8_t address) noexcept {
  return derive_seed(derive_seed(site_seed, line + 1), address);
}

caf::expected<built_site> build_site(const site_plan& plan, const build_options& o) {
  built_site out;
  profile_store store{o.profiles_dir};
  for (std::size_t i = 0; i < plan.lines.size(); ++i) {
    const auto& spec = plan.lines[i];
    const auto framing = spec.kind == line_kind::tcp ? modbus::framing::tcp : modbus::framing::rtu;
    running_line line{line_station{spec.name, framing}, spec.format, random_source{derive_seed(o.seed, 0xfa17 + i)}};
    for (const auto& d : spec.devices)
      if (auto err = add_devices(line.station, i, d, store, o, out))
        return err;
    out.lines.push_back(std::move(line));
  }
  return out;
}

} // namespace meterhub::modbus_sim
