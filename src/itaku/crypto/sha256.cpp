#include "itaku/crypto/sha256.hpp"

#include <memory>

#include <openssl/evp.h>

#include "itaku/core/assert.hpp"

namespace itaku::crypto {

namespace {
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  ITAKU_CHECK(md != nullptr);
  return md;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

EVP_MD_CTX* thread_context() {
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> ctx(EVP_MD_CTX_new());
  ITAKU_CHECK(ctx != nullptr);
  return ctx.get();
}
}  // namespace

Hash sha256(std::initializer_list<ByteView> parts) {
  EVP_MD_CTX* ctx = thread_context();
  ITAKU_CHECK(EVP_DigestInit_ex2(ctx, sha256_md(), nullptr) == 1);
  for (const auto& part : parts) ITAKU_CHECK(EVP_DigestUpdate(ctx, part.data(), part.size()) == 1);
  Hash out;
  unsigned int len = 0;
  ITAKU_CHECK(EVP_DigestFinal_ex(ctx, out.data(), &len) == 1);
  ITAKU_ASSERT(len == out.size());
  return out;
}

}  // namespace itaku::crypto
