/*
 * Declaring helpers: one line gives the C prototype, the TCGHelperInfo and a
 * typed gen_helper_NAME() that emits the call.
 *
 *   DEF_HELPER_3(udiv64, TCG_CALL_NO_RWG, i64, env, i64, i64)
 *
 * declares   uint64_t helper_udiv64(void *env, uint64_t, uint64_t);
 * and        gen_helper_udiv64(TCGv_i64 ret, TCGv_ptr env, TCGv_i64, TCGv_i64);
 *
 * Types: void (return only), i32, s32, i64, s64, env, ptr.  A void helper's
 * gen function has no ret parameter.  Put the DEF_HELPER lines in a header
 * that both the translator (which emits calls) and the helper's .c file
 * (which defines helper_NAME) include.
 */
#ifndef TCG_TCG_HELPER_H
#define TCG_TCG_HELPER_H

#include "tcg/tcg.h"

#define dh_ctype_void void
#define dh_ctype_i32  uint32_t
#define dh_ctype_s32  int32_t
#define dh_ctype_i64  uint64_t
#define dh_ctype_s64  int64_t
#define dh_ctype_env  void *
#define dh_ctype_ptr  void *
#define dh_ctype(t)   dh_ctype_##t

#define dh_type_void TCG_TYPE_VOID
#define dh_type_i32  TCG_TYPE_I32
#define dh_type_s32  TCG_TYPE_I32
#define dh_type_i64  TCG_TYPE_I64
#define dh_type_s64  TCG_TYPE_I64
#define dh_type_env  TCG_TYPE_PTR
#define dh_type_ptr  TCG_TYPE_PTR
#define dh_type(t)   dh_type_##t

#define dh_tcgv_i32 TCGv_i32
#define dh_tcgv_s32 TCGv_i32
#define dh_tcgv_i64 TCGv_i64
#define dh_tcgv_s64 TCGv_i64
#define dh_tcgv_env TCGv_ptr
#define dh_tcgv_ptr TCGv_ptr
#define dh_tcgv(t)  dh_tcgv_##t

/* The leading "ret," parameter of a gen function, absent for void. */
#define dh_retparam_void
#define dh_retparam_i32 TCGv_i32 retv,
#define dh_retparam_s32 TCGv_i32 retv,
#define dh_retparam_i64 TCGv_i64 retv,
#define dh_retparam_s64 TCGv_i64 retv,
#define dh_retparam_ptr TCGv_ptr retv,
#define dh_retparam(t)  dh_retparam_##t

#define dh_retref_void NULL
#define dh_retref_i32  tcg_ref(retv)
#define dh_retref_s32  tcg_ref(retv)
#define dh_retref_i64  tcg_ref(retv)
#define dh_retref_s64  tcg_ref(retv)
#define dh_retref_ptr  tcg_ref(retv)
#define dh_retref(t)   dh_retref_##t

/* Parameter names differ from the member names they initialise. */
#define DH_INFO(hname, hflags, hret, n, ...)                                                   \
    static const TCGHelperInfo helper_info_##hname = {.func = (void *)helper_##hname,          \
                                                      .name = #hname,                          \
                                                      .flags = (hflags),                       \
                                                      .ret = dh_type(hret),                    \
                                                      .nargs = (n),                            \
                                                      .args = {__VA_ARGS__}}

#define DEF_HELPER_1(name, flags, ret, t1)                                                     \
    dh_ctype(ret) helper_##name(dh_ctype(t1));                                                 \
    DH_INFO(name, flags, ret, 1, dh_type(t1));                                                 \
    static inline void gen_helper_##name(dh_retparam(ret) dh_tcgv(t1) a1)                      \
    {                                                                                          \
        TCGTempRef args[] = {tcg_ref(a1)};                                                     \
        tcg_gen_call(&helper_info_##name, dh_retref(ret), 1, args);                            \
    }

#define DEF_HELPER_2(name, flags, ret, t1, t2)                                                 \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2));                                   \
    DH_INFO(name, flags, ret, 2, dh_type(t1), dh_type(t2));                                    \
    static inline void gen_helper_##name(dh_retparam(ret) dh_tcgv(t1) a1, dh_tcgv(t2) a2)      \
    {                                                                                          \
        TCGTempRef args[] = {tcg_ref(a1), tcg_ref(a2)};                                        \
        tcg_gen_call(&helper_info_##name, dh_retref(ret), 2, args);                            \
    }

#define DEF_HELPER_3(name, flags, ret, t1, t2, t3)                                             \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3));                     \
    DH_INFO(name, flags, ret, 3, dh_type(t1), dh_type(t2), dh_type(t3));                       \
    static inline void gen_helper_##name(dh_retparam(ret) dh_tcgv(t1) a1, dh_tcgv(t2) a2,      \
                                         dh_tcgv(t3) a3)                                       \
    {                                                                                          \
        TCGTempRef args[] = {tcg_ref(a1), tcg_ref(a2), tcg_ref(a3)};                           \
        tcg_gen_call(&helper_info_##name, dh_retref(ret), 3, args);                            \
    }

#define DEF_HELPER_4(name, flags, ret, t1, t2, t3, t4)                                         \
    dh_ctype(ret) helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3), dh_ctype(t4));       \
    DH_INFO(name, flags, ret, 4, dh_type(t1), dh_type(t2), dh_type(t3), dh_type(t4));          \
    static inline void gen_helper_##name(dh_retparam(ret) dh_tcgv(t1) a1, dh_tcgv(t2) a2,      \
                                         dh_tcgv(t3) a3, dh_tcgv(t4) a4)                       \
    {                                                                                          \
        TCGTempRef args[] = {tcg_ref(a1), tcg_ref(a2), tcg_ref(a3), tcg_ref(a4)};              \
        tcg_gen_call(&helper_info_##name, dh_retref(ret), 4, args);                            \
    }

#define DEF_HELPER_5(name, flags, ret, t1, t2, t3, t4, t5)                                     \
    dh_ctype(ret)                                                                              \
        helper_##name(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3), dh_ctype(t4), dh_ctype(t5));   \
    DH_INFO(name, flags, ret, 5, dh_type(t1), dh_type(t2), dh_type(t3), dh_type(t4),           \
            dh_type(t5));                                                                      \
    static inline void gen_helper_##name(dh_retparam(ret) dh_tcgv(t1) a1, dh_tcgv(t2) a2,      \
                                         dh_tcgv(t3) a3, dh_tcgv(t4) a4, dh_tcgv(t5) a5)       \
    {                                                                                          \
        TCGTempRef args[] = {tcg_ref(a1), tcg_ref(a2), tcg_ref(a3), tcg_ref(a4), tcg_ref(a5)}; \
        tcg_gen_call(&helper_info_##name, dh_retref(ret), 5, args);                            \
    }

#endif
