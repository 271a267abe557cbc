#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "energy_history.hpp"

/// Register values as an MT324 writes them (specs/iec61107-neva.md §5, §6). Every function takes integers in fixed
/// units, so no float rounding ever changes a digit.
namespace meterhub::iec61107sim {

/// "XXXXXX.XX" kWh from Wh, truncated to the register's 10 Wh.
std::string format_energy(std::int64_t wh);
/// Five energies, total and T1…T4, comma-separated: 0F.08.80 and its archives.
std::string format_energy_list(const energy_counters& counters);
/// Five maxima "XX.XXXX" kW from W: 0F.06.80.
std::string format_max_power_list(const power_maxima& maxima);
/// "XXXXX.X" W from 0.1 W ("03977.0").
std::string format_power(std::int64_t dw);
/// "230.12" V from 0.01 V.
std::string format_voltage(std::int64_t cv);
/// "9.153" A from mA.
std::string format_current(std::int64_t ma);
/// "YX.XXX": Y = 1 inductive (the simulated load), 2 unity ("21.000").
std::string format_power_factor(int milli);
/// "XXXXXX.XX" Hz from 0.01 Hz.
std::string format_frequency(int chz);
/// MT3xx "029", or "1xx" for −xx °C.
std::string format_temperature(int celsius);
/// "120.3" degrees from 0.1°.
std::string format_angle(int ddeg);
/// 48 five-digit W values "03977,00240,…": 63.01.00.
std::string format_profile(std::span<const int> watts);

} // namespace meterhub::iec61107sim
