#include "telegram_generator.hpp"

#include <cmath>
#include <cstdio>

#include "meterhub/dsmr/readings.hpp"

namespace meterhub::p1sim {

namespace {

constexpr double pi = 3.14159265358979323846;

std::string hex_of(const std::string& text) {
  std::string out;
  char buf[3];
  for (unsigned char c : text) {
    std::snprintf(buf, sizeof buf, "%02X", c);
    out += buf;
  }
  return out;
}

/// "%0*.*f" with the digits DSMR uses, e.g. kwh(123456.789 Wh) → "000123.457".
std::string fixed(double v, int width, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%0*.*f", width, decimals, v);
  return buf;
}

/// Local hour and weekday (0 = Sunday) in Amsterdam time.
void local_hour_day(std::int64_t utc_ms, double& hour, int& weekday) {
  const auto local = utc_ms + 3'600'000 + (dsmr::eu_summer_time(utc_ms) ? 3'600'000 : 0);
  const auto days = local >= 0 ? local / 86'400'000 : (local - 86'399'999) / 86'400'000;
  hour = static_cast<double>(local - days * 86'400'000) / 3'600'000.0;
  weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
}

} // namespace

telegram_generator::telegram_generator(profile p, std::uint64_t seed, std::int64_t start_ms, std::string equipment_id)
  : profile_(p), rng_(seed), clock_ms_(start_ms), equipment_id_(std::move(equipment_id)) {
  gas_capture_ms_ = start_ms - start_ms % 300'000;
  draw_load();
}

int telegram_generator::tariff() const {
  double hour;
  int weekday;
  local_hour_day(clock_ms_, hour, weekday);
  const bool weekend = weekday == 0 || weekday == 6;
  return (!weekend && hour >= 7 && hour < 23) ? 2 : 1;
}

void telegram_generator::draw_load() {
  double hour;
  int weekday;
  local_hour_day(clock_ms_, hour, weekday);
  std::uniform_real_distribution<double> noise(-0.1, 0.1);
  std::bernoulli_distribution appliance(0.15);
  const double daily = 250 + 400 * std::max(0.0, std::sin(pi * (hour - 6) / 16)); // evening peak shape
  const double pv = hour > 7 && hour < 19 ? 2400 * std::sin(pi * (hour - 7) / 12) : 0.0;
  for (int ph = 0; ph < 3; ++ph) {
    double load = daily / 3 * (1 + noise(rng_)) + (appliance(rng_) ? 1500.0 : 0.0);
    phase_w_[ph] = load - pv / 3;
    volts_[ph] = 230 + 2.5 * std::sin(hour + ph) + 4 * noise(rng_);
  }
}

void telegram_generator::integrate(std::int64_t now_ms) {
  if (now_ms <= clock_ms_)
    return;
  const double hours = static_cast<double>(now_ms - clock_ms_) / 3'600'000.0;
  const int t = tariff() - 1;
  for (double w : phase_w_) {
    if (w > 0)
      import_wh_[t] += w * hours;
    else
      export_wh_[t] += -w * hours;
  }
  reactive_import_varh_ += 40 * hours;
  reactive_export_varh_ += 90 * hours;
  gas_m3_ += 0.12 * hours * (1 + 0.5 * std::cos(pi * static_cast<double>(now_ms % 86'400'000) / 43'200'000.0));
  clock_ms_ = now_ms;
  if (clock_ms_ - gas_capture_ms_ >= 300'000) { // DSMR 5 captures M-Bus values every 5 minutes
    gas_capture_ms_ = clock_ms_ - clock_ms_ % 300'000;
    gas_captured_m3_ = gas_m3_;
  }
}

std::string telegram_generator::next_body(std::int64_t now_ms) {
  integrate(now_ms);
  draw_load();
  return profile_ == profile::dsmr5 ? dsmr5_body() : t211_body();
}

std::string telegram_generator::dsmr5_body() const {
  const auto zone = dsmr::time_zone::eu_central();
  double import_w = 0, export_w = 0;
  for (double w : phase_w_)
    (w > 0 ? import_w : export_w) += std::fabs(w);
  std::string b = "/XMX5LGBBFG1012345678\r\n\r\n1-3:0.2.8(50)\r\n";
  b += "0-0:1.0.0(" + dsmr::format_meter_time(clock_ms_, zone) + ")\r\n";
  b += "0-0:96.1.1(" + hex_of(equipment_id_) + ")\r\n";
  b += "1-0:1.8.1(" + fixed(import_wh_[0] / 1000, 10, 3) + "*kWh)\r\n";
  b += "1-0:1.8.2(" + fixed(import_wh_[1] / 1000, 10, 3) + "*kWh)\r\n";
  b += "1-0:2.8.1(" + fixed(export_wh_[0] / 1000, 10, 3) + "*kWh)\r\n";
  b += "1-0:2.8.2(" + fixed(export_wh_[1] / 1000, 10, 3) + "*kWh)\r\n";
  b += "0-0:96.14.0(000" + std::to_string(tariff()) + ")\r\n";
  b += "1-0:1.7.0(" + fixed(import_w / 1000, 6, 3) + "*kW)\r\n";
  b += "1-0:2.7.0(" + fixed(export_w / 1000, 6, 3) + "*kW)\r\n";
  b += "0-0:96.7.21(" + fixed(failures_short_, 5, 0) + ")\r\n0-0:96.7.9(" + fixed(failures_long_, 5, 0) + ")\r\n";
  b += "1-0:99.97.0(1)(0-0:96.7.19)(231105021500W)(0000003600*s)\r\n";
  b += "1-0:32.32.0(00002)\r\n1-0:52.32.0(00001)\r\n1-0:72.32.0(00000)\r\n";
  b += "1-0:32.36.0(00000)\r\n1-0:52.36.0(00000)\r\n1-0:72.36.0(00000)\r\n";
  b += "0-0:96.13.0()\r\n";
  static const char* phase_codes[3][4] = {
    {"32", "31", "21", "22"}, {"52", "51", "41", "42"}, {"72", "71", "61", "62"}};
  for (int ph = 0; ph < 3; ++ph)
    b += std::string{"1-0:"} + phase_codes[ph][0] + ".7.0(" + fixed(volts_[ph], 5, 1) + "*V)\r\n";
  for (int ph = 0; ph < 3; ++ph)
    b += std::string{"1-0:"} + phase_codes[ph][1] + ".7.0(" + fixed(std::round(std::fabs(phase_w_[ph]) / volts_[ph]), 3, 0) + "*A)\r\n";
  for (int ph = 0; ph < 3; ++ph)
    b += std::string{"1-0:"} + phase_codes[ph][2] + ".7.0(" + fixed(std::max(0.0, phase_w_[ph]) / 1000, 6, 3) + "*kW)\r\n";
  for (int ph = 0; ph < 3; ++ph)
    b += std::string{"1-0:"} + phase_codes[ph][3] + ".7.0(" + fixed(std::max(0.0, -phase_w_[ph]) / 1000, 6, 3) + "*kW)\r\n";
  b += "0-1:24.1.0(003)\r\n0-1:96.1.0(" + hex_of("G" + equipment_id_) + ")\r\n";
  b += "0-1:24.2.1(" + dsmr::format_meter_time(gas_capture_ms_, zone) + ")(" + fixed(gas_captured_m3_, 9, 3) + "*m3)\r\n";
  b += "!";
  return b;
}

std::string telegram_generator::t211_body() const {
  const auto zone = dsmr::time_zone::fixed(60); // Swedish meters stay on standard time
  double import_w = 0, export_w = 0;
  for (double w : phase_w_)
    (w > 0 ? import_w : export_w) += std::fabs(w);
  std::string b = "/SAG5T211-" + equipment_id_ + "\r\n\r\n";
  b += "0-0:1.0.0(" + dsmr::format_meter_time(clock_ms_, zone) + ")\r\n";
  b += "1-0:1.8.0(" + fixed((import_wh_[0] + import_wh_[1]) / 1000, 12, 3) + "*kWh)\r\n";
  b += "1-0:2.8.0(" + fixed((export_wh_[0] + export_wh_[1]) / 1000, 12, 3) + "*kWh)\r\n";
  b += "1-0:3.8.0(" + fixed(reactive_import_varh_ / 1000, 12, 3) + "*kvarh)\r\n";
  b += "1-0:4.8.0(" + fixed(reactive_export_varh_ / 1000, 12, 3) + "*kvarh)\r\n";
  b += "1-0:1.7.0(" + fixed(import_w / 1000, 8, 3) + "*kW)\r\n";
  b += "1-0:2.7.0(" + fixed(export_w / 1000, 8, 3) + "*kW)\r\n";
  b += "1-0:3.7.0(0000.040*kvar)\r\n1-0:4.7.0(0000.090*kvar)\r\n";
  static const int active[3] = {21, 41, 61};
  for (int ph = 0; ph < 3; ++ph) {
    const auto c = std::to_string(active[ph]);
    const auto c_exp = std::to_string(active[ph] + 1);
    b += "1-0:" + c + ".7.0(" + fixed(std::max(0.0, phase_w_[ph]) / 1000, 8, 3) + "*kW)\r\n";
    b += "1-0:" + c_exp + ".7.0(" + fixed(std::max(0.0, -phase_w_[ph]) / 1000, 8, 3) + "*kW)\r\n";
    b += "1-0:" + std::to_string(active[ph] + 2) + ".7.0(0000.013*kvar)\r\n";
    b += "1-0:" + std::to_string(active[ph] + 3) + ".7.0(0000.030*kvar)\r\n";
  }
  static const int volt[3] = {32, 52, 72};
  for (int ph = 0; ph < 3; ++ph) {
    b += "1-0:" + std::to_string(volt[ph]) + ".7.0(" + fixed(volts_[ph], 5, 1) + "*V)\r\n";
    b += "1-0:" + std::to_string(volt[ph] - 1) + ".7.0(" + fixed(std::fabs(phase_w_[ph]) / volts_[ph], 5, 1) + "*A)\r\n";
  }
  b += "!";
  return b;
}

} // namespace meterhub::p1sim
