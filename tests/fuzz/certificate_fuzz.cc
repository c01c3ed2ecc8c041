// X.509 certificates (DER) a person's SM2 key is registered with.
#include "ledger/certificate.h"
#include "tests/fuzz/fuzz_target.h"

using namespace gongkai;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto certificate = ParseCertificate(fuzz::BytesOf(data, size));
  if (!certificate) return 0;
  (void)CheckCertificateValidity(*certificate, certificate->not_before);
  return 0;
}
