#ifndef ISOFIND_COPENSSL_SHIM_H
#define ISOFIND_COPENSSL_SHIM_H
// libcrypto for the signing module: keys, X.509 certificates and CMS SignedData. Only what the
// Swift importer cannot see is wrapped here (function-like macros, the STACK_OF(X509) helpers and
// the few steps that set up OpenSSL's own context structures).
#include <stdint.h>
#include <time.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// STACK_OF(X509): the macros of <openssl/safestack.h>.
static inline STACK_OF(X509) *isofind_x509_stack_new(void) { return sk_X509_new_null(); }
static inline int isofind_x509_stack_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
static inline int isofind_x509_stack_count(const STACK_OF(X509) *stack) { return stack ? sk_X509_num(stack) : 0; }
static inline X509 *isofind_x509_stack_at(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
/// Frees the stack, not the certificates it points to.
static inline void isofind_x509_stack_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
/// Frees the stack and the certificates (for what CMS_get1_certs returns).
static inline void isofind_x509_stack_free_all(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }

static inline int isofind_cms_signer_count(CMS_ContentInfo *cms) {
    STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
    return infos ? sk_CMS_SignerInfo_num(infos) : 0;
}
static inline CMS_SignerInfo *isofind_cms_signer_at(CMS_ContentInfo *cms, int index) {
    return sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), index);
}

/// BIO_get_mem_data: the bytes written to a memory BIO so far.
static inline long isofind_bio_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

/// A new ECDSA key on P-256 (EVP_EC_gen is a macro over a variadic call).
static inline EVP_PKEY *isofind_ec_p256_generate(void) { return EVP_EC_gen("P-256"); }

/// Adds an X.509 v3 extension, given in OpenSSL's configuration syntax ("critical,CA:FALSE"),
/// to a self-signed certificate (its own issuer).
static inline int isofind_x509_add_extension(X509 *cert, int nid, const char *value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, NULL, NULL, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(NULL, &context, nid, value);
    if (!extension) return 0;
    int added = X509_add_ext(cert, extension, -1);
    X509_EXTENSION_free(extension);
    return added;
}

/// Sets the signed signingTime attribute to `epoch` (UTCTime before 2050, GeneralizedTime after,
/// as RFC 5652 says). OpenSSL adds the current time only when the attribute is absent, so the
/// signature claims the time the report names.
static inline int isofind_cms_set_signing_time(CMS_SignerInfo *signer, int64_t epoch) {
    ASN1_TIME *when = ASN1_TIME_adj(NULL, (time_t)epoch, 0, 0);
    if (!when) return 0;
    int added = CMS_signed_add1_attr_by_NID(signer, NID_pkcs9_signingTime, when->type, when, -1);
    ASN1_TIME_free(when);
    return added;
}

/// The signed signingTime attribute as epoch seconds; 0 when there is none.
static inline int isofind_cms_signing_time(CMS_SignerInfo *signer, int64_t *epoch) {
    int index = CMS_signed_get_attr_by_NID(signer, NID_pkcs9_signingTime, -1);
    if (index < 0) return 0;
    X509_ATTRIBUTE *attribute = CMS_signed_get_attr(signer, index);
    ASN1_TYPE *value = X509_ATTRIBUTE_get0_type(attribute, 0);
    if (!value || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME)) return 0;
    struct tm parts;
    if (!ASN1_TIME_to_tm((const ASN1_TIME *)value->value.asn1_string, &parts)) return 0;
    *epoch = (int64_t)timegm(&parts);
    return 1;
}

/// The ESS signing-certificate(-v2) attribute (CAdES) against the signer's certificate: 1 when it
/// names that certificate, 0 when it names another or cannot be read, -1 when there is none.
/// (CMS_verify's CMS_CADES flag would do this only together with a chain check at today's date.)
static inline int isofind_cms_check_signing_certificate(CMS_SignerInfo *info, X509 *signer) {
    ESS_SIGNING_CERT *v1 = NULL;
    ESS_SIGNING_CERT_V2 *v2 = NULL;
    ASN1_STRING *value = CMS_signed_get0_data_by_OBJ(info, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE);
    if (value) {
        const unsigned char *cursor = value->data;
        if (!(v2 = d2i_ESS_SIGNING_CERT_V2(NULL, &cursor, value->length))) return 0;
    }
    value = CMS_signed_get0_data_by_OBJ(info, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE);
    if (value) {
        const unsigned char *cursor = value->data;
        if (!(v1 = d2i_ESS_SIGNING_CERT(NULL, &cursor, value->length))) { ESS_SIGNING_CERT_V2_free(v2); return 0; }
    }
    if (!v1 && !v2) return -1;
    STACK_OF(X509) *chain = sk_X509_new_null();
    int named = chain && sk_X509_push(chain, signer) && OSSL_ESS_check_signing_certs(v1, v2, chain, 1) > 0;
    sk_X509_free(chain);
    ESS_SIGNING_CERT_free(v1);
    ESS_SIGNING_CERT_V2_free(v2);
    ERR_clear_error();
    return named ? 1 : 0;
}

/// The maximum size of a signature value with this key (DER ECDSA or RSA), bytes.
static inline int isofind_pkey_max_signature_size(EVP_PKEY *key) { return EVP_PKEY_get_size(key); }

/// RFC 2253 names (most specific first) with UTF-8 kept as is (XN_FLAG_RFC2253 is a composite macro).
static inline unsigned long isofind_name_print_flags(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }

/// The reason code of an OpenSSL error (ERR_GET_REASON is a macro).
static inline int isofind_err_reason(unsigned long code) { return ERR_GET_REASON(code); }

#endif
