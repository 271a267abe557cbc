// The module's command set apart from the radio (scan, join, send): versions, registers, Route-B credentials,
// ROPT / WOPT and SKRESET (MAN ch. 4, spec §2, §9.2).
#include <cstdio>

#include "module.hpp"
#include "sk_text.hpp"

namespace meterhub::echonet_sim {

namespace {

constexpr int er_unsupported = 4;
constexpr int er_arguments = 5;
constexpr int er_format = 6;
constexpr int er_uart = 9;

} // namespace

void module::command(const command_input& in, std::int64_t now) {
  if (in.overlong) {
    fail(er_uart);
    return;
  }
  if (in.text.empty() && !in.send)
    return; // spec §9.1: the client's CR LF at open gets no answer
  ++counts_.commands;
  const auto args_all = split_tokens(in.text);
  if (args_all.empty())
    return;
  const auto& word = args_all.front();
  const bool option_word = word == "ROPT" || word == "WOPT";
  if (echo_) // the SKSENDTO echo is its header, never the payload (spec §1)
    emit(in.text, option_word);
  const std::vector<std::string> args(args_all.begin() + 1, args_all.end());
  if (in.bad_length) {
    fail(er_format);
    return;
  }
  if (in.send) {
    send_to(in, args, now);
    return;
  }
  dispatch(word, args, now);
}

void module::dispatch(const std::string& word, const std::vector<std::string>& args, std::int64_t now) {
  if (word == "ROPT" || word == "WOPT")
    option_command(word, args);
  else if (word == "SKSCAN")
    scan(args, now);
  else if (word == "SKJOIN")
    join(args, now);
  else if (word == "SKTERM") {
    if (!args.empty())
      fail(er_arguments);
    else
      terminate(now);
  } else if (word == "SKSENDTO")
    fail(er_arguments); // ended as a line before its length token
  else
    simple_command(word, args);
}

void module::simple_command(const std::string& word, const std::vector<std::string>& args) {
  const auto c2 = opt_.model == skstack::module_model::bp35c2;
  if (word == "SKVER" || word == "SKAPPVER" || word == "SKINFO" || word == "SKRESET") {
    if (!args.empty())
      return fail(er_arguments);
    if (word == "SKVER")
      emit("EVER 1.2.10");
    else if (word == "SKAPPVER")
      emit(c2 ? "EAPPVER rev1.0.4" : "EAPPVER rev26e");
    else if (word == "SKINFO")
      emit("EINFO " + module_text_ + " " + hex(opt_.module_mac, 16) + " " + hex(s2_, 2) + " " + hex(s3_, 4) + " "
           + (c2 ? "0" : "FFFE"));
    else
      reset();
    emit("OK");
  } else if (word == "SKSREG") {
    set_register(args);
  } else if (word == "SKSETRBID") {
    if (args.size() != 1)
      return fail(er_arguments);
    if (args[0].size() != 32) // MAN 4.20: exactly 32 characters
      return fail(er_format);
    rbid_ = args[0];
    emit("OK");
  } else if (word == "SKSETPWD") {
    if (args.size() != 2)
      return fail(er_arguments);
    const auto length = parse_hex(args[0], 2);
    if (!length || *length < 1 || *length > 32 || *length != args[1].size()) // MAN 4.19
      return fail(er_format);
    password_ = args[1];
    emit("OK");
  } else if (word == "SKLL64") {
    if (args.size() != 1)
      return fail(er_arguments);
    const auto mac = parse_hex(args[0], 16);
    if (!mac || args[0].size() != 16)
      return fail(er_format);
    emit(skstack::to_string(skstack::link_local_from_mac(*mac))); // the address alone, no OK (spec §9.2 step 9)
  } else {
    fail(er_unsupported);
  }
}

void module::option_command(const std::string& word, const std::vector<std::string>& args) {
  // MAN 4.34, 4.35: answers end with CR alone. Old firmware does not know the commands (spec §2 table).
  if (!opt_.ropt)
    return fail(er_unsupported, true);
  if (word == "ROPT") {
    if (!args.empty())
      return fail(er_arguments, true);
    emit(wopt_ == skstack::data_format::hex ? "OK 01" : "OK 00", true);
    return;
  }
  if (args.size() != 1)
    return fail(er_arguments, true);
  if (args[0] != "00" && args[0] != "01")
    return fail(er_format, true);
  wopt_ = args[0] == "01" ? skstack::data_format::hex : skstack::data_format::binary;
  emit("OK", true);
}

void module::set_register(const std::vector<std::string>& args) {
  if (args.empty() || args.size() > 2)
    return fail(er_arguments);
  const auto& name = args[0];
  struct reg {
    const char* name;
    int digits;
    std::uint64_t min, max;
  };
  static constexpr reg regs[] = {{"SFE", 1, 0, 1},      {"SA2", 1, 0, 1},           {"S2", 2, 0x21, 0x3C},
                                 {"S3", 4, 0, 0xFFFF}, {"S16", 8, 0x3C, 0xFFFFFFFF}, {"S17", 1, 0, 1},
                                 {"SFB", 1, 0, 1}};
  const reg* r = nullptr;
  for (const auto& candidate : regs)
    if (name == candidate.name)
      r = &candidate;
  if (!r)
    return fail(er_format);
  if (args.size() == 1) { // read: ESREG <value>, OK
    std::uint64_t v = 0;
    if (name == "SFE") v = echo_;
    else if (name == "SA2") v = sa2_;
    else if (name == "S2") v = s2_;
    else if (name == "S3") v = s3_;
    else if (name == "S16") v = s16_;
    else if (name == "S17") v = s17_;
    else v = txlimited_;
    emit("ESREG " + hex(v, r->digits));
    emit("OK");
    return;
  }
  const auto v = parse_hex(args[1], static_cast<std::size_t>(r->digits));
  if (!v || *v < r->min || *v > r->max || name == "SFB") // SFB is read-only
    return fail(er_format);
  if (name == "SFE") echo_ = *v != 0;
  else if (name == "SA2") sa2_ = *v != 0;
  else if (name == "S2") s2_ = static_cast<std::uint8_t>(*v);
  else if (name == "S3") s3_ = static_cast<std::uint16_t>(*v);
  else if (name == "S16") s16_ = static_cast<std::uint32_t>(*v);
  else s17_ = *v != 0;
  emit("OK");
}

void module::reset() {
  // The stack restarts: registers back to their defaults, the session and anything pending gone. WOPT lives in
  // flash and survives (spec §9.2 step 2).
  ++generation_;
  actions_.clear();
  echo_ = true;
  sa2_ = false;
  s2_ = 0x21;
  s3_ = 0xFFFF;
  s16_ = 0x384;
  s17_ = true;
  rbid_.clear();
  password_.clear();
  scanning_ = false;
  state_ = session_state::none;
  next_reauth_ = 0;
  reauth_until_ = 0;
}

} // namespace meterhub::echonet_sim
