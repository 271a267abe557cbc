#include "meterhub/dsmr/smarty.hpp"

#include <memory>

#include <openssl/evp.h>

#include "meterhub/dsmr/error.hpp"

namespace meterhub::dsmr {

namespace {

constexpr std::size_t tag_size = 12;
constexpr unsigned char security_control = 0x30; // authenticated + encrypted, suite 0

using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

/// Header size and L for a frame starting with DB 08 <title>; 0 when the length field is not valid (yet).
struct header_info {
  std::size_t header = 0; ///< bytes before the security byte
  std::size_t length = 0; ///< L: security byte + frame counter + ciphertext + tag
};

std::optional<header_info> read_header(std::string_view f) {
  if (f.size() < 12)
    return std::nullopt;
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(f[i]); };
  if (b(10) < 0x80)
    return header_info{11, b(10)};
  if (b(10) == 0x81)
    return header_info{12, b(11)};
  if (b(10) == 0x82 && f.size() >= 13)
    return header_info{13, static_cast<std::size_t>(b(11)) << 8 | b(12)};
  return header_info{0, 0};
}

std::string iv_of(const smarty_envelope& e) {
  std::string iv{e.system_title};
  for (int shift = 24; shift >= 0; shift -= 8)
    iv += static_cast<char>((e.frame_counter >> shift) & 0xFF);
  return iv;
}

std::string aad_of(const smarty_keys& keys) {
  if (!keys.auth_key)
    return {};
  std::string aad(1, static_cast<char>(security_control));
  aad.append(reinterpret_cast<const char*>(keys.auth_key->data()), keys.auth_key->size());
  return aad;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

} // namespace

std::optional<aes_key> parse_aes_key(std::string_view hex) noexcept {
  if (hex.size() != 32)
    return std::nullopt;
  aes_key key{};
  for (std::size_t i = 0; i < 16; ++i) {
    int v = 0;
    for (char c : hex.substr(i * 2, 2)) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0)
        return std::nullopt;
      v = v * 16 + d;
    }
    key[i] = static_cast<std::uint8_t>(v);
  }
  return key;
}

void smarty_framer::feed(std::string_view data) {
  buffer_.append(data);
}

std::optional<std::string> smarty_framer::next() {
  for (;;) {
    auto start = buffer_.find("\xDB\x08");
    if (start == std::string::npos) {
      // keep a trailing 0xDB that may start the next frame
      const std::size_t keep = !buffer_.empty() && buffer_.back() == '\xDB' ? 1 : 0;
      dropped_ += buffer_.size() - keep;
      buffer_.erase(0, buffer_.size() - keep);
      return std::nullopt;
    }
    dropped_ += start;
    buffer_.erase(0, start);
    auto info = read_header(buffer_);
    if (!info)
      return std::nullopt; // need more bytes
    const bool sane = info->header > 0 && info->length > 17 && info->length <= max_length_ &&
                      (buffer_.size() <= info->header ||
                       static_cast<unsigned char>(buffer_[info->header]) == security_control);
    if (!sane) { // not a frame: skip this DB and hunt again
      ++dropped_;
      buffer_.erase(0, 1);
      continue;
    }
    const std::size_t total = info->header + info->length;
    if (buffer_.size() < total)
      return std::nullopt;
    std::string frame = buffer_.substr(0, total);
    buffer_.erase(0, total);
    return frame;
  }
}

caf::expected<smarty_envelope> parse_envelope(std::string_view f) {
  if (f.size() < 2 || f[0] != '\xDB' || f[1] != '\x08')
    return make_error(dsmr_errc::not_encrypted, "an envelope starts with DB 08");
  auto info = read_header(f);
  if (!info || info->header == 0 || info->length < 18)
    return make_error(dsmr_errc::bad_envelope, "invalid length field");
  if (f.size() != info->header + info->length)
    return make_error(dsmr_errc::bad_envelope, "length field says " + std::to_string(info->header + info->length) +
                                                 " bytes, frame has " + std::to_string(f.size()));
  if (static_cast<unsigned char>(f[info->header]) != security_control)
    return make_error(dsmr_errc::bad_envelope, "security control byte is not 0x30");
  smarty_envelope e;
  e.system_title = f.substr(2, 8);
  for (std::size_t i = 1; i <= 4; ++i)
    e.frame_counter = e.frame_counter << 8 | static_cast<unsigned char>(f[info->header + i]);
  const std::size_t body = info->header + 5;
  e.ciphertext = f.substr(body, f.size() - body - tag_size);
  e.tag = f.substr(f.size() - tag_size);
  return e;
}

caf::expected<std::string> decrypt_smarty(std::string_view frame, const smarty_keys& keys) {
  auto env = parse_envelope(frame);
  if (!env)
    return env.error();
  const auto iv = iv_of(*env);
  const auto aad = aad_of(keys);
  cipher_ctx ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
  std::string plain(env->ciphertext.size(), '\0');
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr) == 1 &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, keys.encryption_key.data(), bytes(iv)) == 1 &&
            (aad.empty() || EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size())) == 1) &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len,
                              bytes(env->ciphertext), static_cast<int>(env->ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size),
                                const_cast<char*>(env->tag.data())) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) == 1;
  if (!ok)
    return make_error(dsmr_errc::decryption_failed, "authentication tag mismatch (wrong key or corrupted frame)");
  return plain;
}

std::string encrypt_smarty(std::string_view plaintext, const smarty_keys& keys, std::string_view system_title,
                           std::uint32_t frame_counter) {
  std::string title{system_title.substr(0, 8)};
  title.resize(8, '0');
  smarty_envelope e{title, frame_counter, {}, {}};
  const auto iv = iv_of(e);
  const auto aad = aad_of(keys);
  std::string cipher(plaintext.size(), '\0');
  unsigned char tag[tag_size];
  int len = 0;
  cipher_ctx ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(iv.size()), nullptr);
  EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, keys.encryption_key.data(), bytes(iv));
  if (!aad.empty())
    EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(aad), static_cast<int>(aad.size()));
  EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()), &len, bytes(plaintext),
                    static_cast<int>(plaintext.size()));
  EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()) + len, &len);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size), tag);
  const std::size_t length = 1 + 4 + cipher.size() + tag_size;
  std::string out = "\xDB\x08" + title;
  out += '\x82';
  out += static_cast<char>((length >> 8) & 0xFF);
  out += static_cast<char>(length & 0xFF);
  out += static_cast<char>(security_control);
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((frame_counter >> shift) & 0xFF);
  out += cipher;
  out.append(reinterpret_cast<const char*>(tag), tag_size);
  return out;
}

} // namespace meterhub::dsmr
