// The resident memory a service pays before running any of its own code: the shared libraries it needs, loaded
// (with their static initialisers run, as at a real start) into a process that then does nothing.
//
// A service's resident set counts every page of a shared library it touched, or that the kernel mapped around such a
// page, in full, although those pages are shared with every other process using the library. This floor shows how
// much of a service's figure in e2e_bench is the libraries' and not its own.
//
// Usage: library_floor_bench NAME LIBRARY...   (scripts/bench.sh passes the DT_NEEDED entries of each program)
#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

namespace {

/// The value in kB of a "Key:  N kB" line of /proc/self/status.
long status_kb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key + ":", 0) == 0)
      return std::stol(line.substr(key.size() + 1));
  return -1;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s NAME LIBRARY...\n", argv[0]);
    return 64;
  }
  const long before = status_kb("VmRSS");
  for (int i = 2; i < argc; ++i)
    if (dlopen(argv[i], RTLD_NOW | RTLD_GLOBAL) == nullptr) {
      std::fprintf(stderr, "cannot load %s: %s\n", argv[i], dlerror());
      return 1;
    }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::printf("library_floor %-17s %2d libraries: RSS %5.1f MB (%4.1f MB before loading them; file-backed %4.1f MB, "
              "anonymous %4.1f MB)\n",
              argv[1], argc - 2, status_kb("VmRSS") / 1024.0, before / 1024.0, status_kb("RssFile") / 1024.0,
              status_kb("RssAnon") / 1024.0);
  return 0;
}
