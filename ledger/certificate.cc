#include "ledger/certificate.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace gongkai {
namespace {

struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

struct FileClose {
  void operator()(FILE* f) const { std::fclose(f); }
};

Result<UnixMicros> TimeOf(const ASN1_TIME* time, std::string_view field) {
  std::tm tm{};
  if (!time || ASN1_TIME_to_tm(time, &tm) != 1) {
    return Fail(ErrorCode::kMalformed, "the certificate's {} is not a valid time", field);
  }
  return static_cast<UnixMicros>(timegm(&tm)) * 1'000'000;
}

Result<X509Ptr> Decode(ByteView der) {
  if (der.size() > kMaxCertificateBytes) {
    return Fail(ErrorCode::kTooLarge, "a certificate is at most {} bytes, got {}", kMaxCertificateBytes, der.size());
  }
  const unsigned char* p = der.data();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  bool whole = cert && p == der.data() + der.size();
  unsigned char* again = nullptr;
  int length = whole ? i2d_X509(cert.get(), &again) : -1;
  bool strict = length > 0 && static_cast<size_t>(length) == der.size() &&
                std::memcmp(again, der.data(), der.size()) == 0;
  OPENSSL_free(again);
  ERR_clear_error();
  if (!strict) return Fail(ErrorCode::kMalformed, "not an X.509 certificate in DER");
  return cert;
}

// Verifying a certificate's signature uses the ID stored on that
// certificate; without one OpenSSL 3.0 uses an empty ID, which a 国密 CA's
// signatures are not made with.
void SetSm2Id(X509* cert) {
  ASN1_OCTET_STRING* id = ASN1_OCTET_STRING_new();
  ASN1_OCTET_STRING_set(id, reinterpret_cast<const unsigned char*>(kSm2DistinguishingId.data()),
                        static_cast<int>(kSm2DistinguishingId.size()));
  X509_set0_distinguishing_id(cert, id);
}

}  // namespace

Result<Certificate> ParseCertificate(ByteView der) {
  auto cert = Decode(der);
  GK_RETURN_IF_ERROR(cert);
  EVP_PKEY* pkey = X509_get0_pubkey(cert->get());
  if (!pkey || !EVP_PKEY_is_a(pkey, "SM2")) {
    ERR_clear_error();
    return Fail(ErrorCode::kMalformed, "the certificate's key is not an SM2 key ({})",
                pkey && EVP_PKEY_get0_type_name(pkey) ? EVP_PKEY_get0_type_name(pkey) : "unreadable");
  }
  auto key = PublicKey::FromPkey(pkey, "the certificate");
  GK_RETURN_IF_ERROR(key);
  auto not_before = TimeOf(X509_get0_notBefore(cert->get()), "notBefore");
  GK_RETURN_IF_ERROR(not_before);
  auto not_after = TimeOf(X509_get0_notAfter(cert->get()), "notAfter");
  GK_RETURN_IF_ERROR(not_after);
  char subject[512];
  X509_NAME_oneline(X509_get_subject_name(cert->get()), subject, sizeof subject);
  return Certificate{std::move(*key), *not_before, *not_after, subject};
}

Result<Bytes> ReadCertificateFile(const std::string& path) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Fail(ErrorCode::kIo, "cannot open certificate file {}: {}", path, std::strerror(errno));
  X509Ptr cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    std::rewind(file.get());
    cert.reset(d2i_X509_fp(file.get(), nullptr));
  }
  ERR_clear_error();
  if (!cert) return Fail(ErrorCode::kMalformed, "{} is not an X.509 certificate (PEM or DER)", path);
  unsigned char* der = nullptr;
  int length = i2d_X509(cert.get(), &der);
  if (length <= 0) return Fail(ErrorCode::kMalformed, "{}: the certificate does not encode", path);
  Bytes out(der, der + length);
  OPENSSL_free(der);
  return out;
}

Status CheckCertificateValidity(const Certificate& certificate, UnixMicros at) {
  if (at < certificate.not_before) {
    return Fail(ErrorCode::kKeyNotYetValid, "the certificate of key {} ({}) is not valid before {}; it is now {}",
                certificate.key.id(), certificate.subject, FormatTime(certificate.not_before), FormatTime(at));
  }
  if (at >= certificate.not_after) {
    return Fail(ErrorCode::kKeyExpired, "the certificate of key {} ({}) expired at {}; it is now {}",
                certificate.key.id(), certificate.subject, FormatTime(certificate.not_after), FormatTime(at));
  }
  return {};
}

Result<CertificateRoots> CertificateRoots::FromPemFile(const std::string& path) {
  std::unique_ptr<FILE, FileClose> file(std::fopen(path.c_str(), "r"));
  if (!file) return Fail(ErrorCode::kIo, "cannot open the CA roots {}: {}", path, std::strerror(errno));
  CertificateRoots roots;
  roots.store_ = std::shared_ptr<X509_STORE>(X509_STORE_new(), X509_STORE_free);
  while (X509Ptr cert{PEM_read_X509(file.get(), nullptr, nullptr, nullptr)}) {
    SetSm2Id(cert.get());
    if (X509_STORE_add_cert(roots.store_.get(), cert.get()) != 1) {
      return Fail(ErrorCode::kMalformed, "{}: certificate {} cannot be added", path, roots.count_ + 1);
    }
    ++roots.count_;
  }
  ERR_clear_error();
  if (roots.count_ == 0) return Fail(ErrorCode::kMalformed, "{} holds no PEM certificate", path);
  return roots;
}

Status CertificateRoots::Check(ByteView der, UnixMicros at) const {
  auto cert = Decode(der);
  GK_RETURN_IF_ERROR(cert);
  SetSm2Id(cert->get());
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store_.get(), cert->get(), nullptr) != 1) {
    return Fail(ErrorCode::kInternal, "cannot set up certificate verification");
  }
  X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(at / 1'000'000));
  if (X509_verify_cert(ctx.get()) == 1) return {};
  int reason = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  return Fail(ErrorCode::kUnauthorized, "the certificate does not chain to a CA root configured for this ledger: {}",
              X509_verify_cert_error_string(reason));
}

}  // namespace gongkai
