// X.509 certificates for people's SM2 keys (docs/FORMAT.md §8).
//
// A registry event may carry, beside an SM2 public key, the DER certificate
// a government CA issued for it (schema PublicKey.certificate). The
// certificate binds the key: its subject public key must be SM2 and the very
// key registered. Its validity becomes the key's: the key signs nothing
// recorded before notBefore nor at or after notAfter (key_expired). Where
// CA roots are configured for a ledger (DATA/ca-roots.pem), a certificate
// must also chain to one of them when it is registered; SM2 certificate
// signatures are checked with the GM/T 0009 ID 1234567812345678, set on
// every certificate (OpenSSL 3.0 would use an empty ID).
#pragma once

#include <memory>
#include <string>

#include "ledger/base/error.h"
#include "ledger/base/time.h"
#include "ledger/bytes.h"
#include "ledger/signing.h"

typedef struct x509_store_st X509_STORE;

namespace gongkai {

// The largest certificate a registry event may carry.
inline constexpr size_t kMaxCertificateBytes = 8192;

struct Certificate {
  PublicKey key;          // SM2
  UnixMicros not_before;  // the key signs entries recorded at or after this
  UnixMicros not_after;   // ... and before this
  std::string subject;    // RFC 2253 form, for messages
};

// Parses a DER certificate (strict DER: it must re-encode to the same
// bytes). kMalformed unless it parses and its key is SM2.
Result<Certificate> ParseCertificate(ByteView der);
// The DER bytes of the certificate in a PEM or DER file.
Result<Bytes> ReadCertificateFile(const std::string& path);

// Where the certificate stands at `at`: kKeyNotYetValid before notBefore,
// kKeyExpired from notAfter on.
Status CheckCertificateValidity(const Certificate& certificate, UnixMicros at);

// The CA roots configured for a ledger: a PEM file of one or more
// certificates. Safe to share across threads.
class CertificateRoots {
 public:
  static Result<CertificateRoots> FromPemFile(const std::string& path);
  // kUnauthorized unless `der` chains to one of the roots, checked as at
  // `at` (intermediate CAs must be in the same file).
  Status Check(ByteView der, UnixMicros at) const;
  size_t size() const { return count_; }

 private:
  std::shared_ptr<X509_STORE> store_;
  size_t count_ = 0;
};

}  // namespace gongkai
