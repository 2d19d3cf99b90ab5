/*
 * Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
 *
 * A tiny test framework for the C programs run under Wine: each test is a void function that returns on the first
 * failed check; main() runs them in order and exits non-zero if any failed.
 */
#ifndef DX_TEST_H
#define DX_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dx_test_failures;
static int dx_test_current_failed;
static int dx_test_skipped;

#define DX_FAIL(...) do { \
        printf("    FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); fflush(stdout); \
        dx_test_current_failed = 1; \
        return; \
    } while (0)

#define CHECK(c) do { if (!(c)) { DX_FAIL("%s", #c); } } while (0)

#define CHECK_EQ(expected, actual) do { \
        long long dx_e_ = (long long) (expected); long long dx_a_ = (long long) (actual); \
        if (dx_e_ != dx_a_) { DX_FAIL("%s == %s: expected %lld, got %lld", #expected, #actual, dx_e_, dx_a_); } \
    } while (0)

#define SKIP(...) do { \
        printf("    SKIP: "); printf(__VA_ARGS__); printf("\n"); fflush(stdout); \
        dx_test_skipped = 1; \
        return; \
    } while (0)

#define RUN(test) do { \
        printf("%s\n", #test); fflush(stdout); \
        dx_test_current_failed = 0; dx_test_skipped = 0; \
        test(); \
        if (dx_test_current_failed) { dx_test_failures++; printf("  FAILED %s\n", #test); } \
        else if (dx_test_skipped) { printf("  skipped %s\n", #test); } \
        else { printf("  ok %s\n", #test); } \
        fflush(stdout); \
    } while (0)

#endif /* DX_TEST_H */
