@echo off
rem Copyright 2026 dx-reactor authors. Licensed under the Apache License, Version 2.0.
rem
rem Native Windows build of the IOCP transport's DLL and C tests (used by the windows-native-build Maven profile).
rem   build-windows.cmd dll   <out-dir> <jdk-include-dir> <jar-stage-dir> [<test-classpath-stage-dir>]
rem   build-windows.cmd tests <out-dir> <jdk-include-dir>      (needs <out-dir>\generated\jni_expected.h)
rem   build-windows.cmd run   <out-dir>
rem Compiler: %DX_CC% = gcc (mingw-w64 on PATH) or cl (MSVC, from a developer command prompt); default: gcc if found,
rem else cl. Run from this directory.
setlocal
set "CMD=%~1"
set "OUT=%~2"
set "JNI=%~3"
set "STAGE=%~4"
set "TSTAGE=%~5"
set "TESTS=..\..\test\c"
set "CORE=dx_iocp.c dx_socket.c dx_file.c"
set "DLL=%OUT%\dx_transport_iocp_x86_64.dll"

if "%DX_CC%"=="" (
  where gcc >nul 2>nul && (set "DX_CC=gcc") || (set "DX_CC=cl")
)
if not exist "%OUT%" mkdir "%OUT%"

if /i "%CMD%"=="dll" goto dll
if /i "%CMD%"=="tests" goto tests
if /i "%CMD%"=="run" goto run
echo usage: build-windows.cmd dll^|tests^|run ...
exit /b 2

:dll
echo dx-iocp: building %DLL% with %DX_CC%
if /i "%DX_CC%"=="cl" (
  cl /nologo /W3 /O2 /D_CRT_SECURE_NO_WARNINGS /D_WINSOCK_DEPRECATED_NO_WARNINGS /LD /I. /Iwin32 "/I%JNI%" %CORE% dx_jni.c /Fo"%OUT%\\" /Fe"%DLL%" /link ws2_32.lib || exit /b 1
) else (
  gcc -std=c99 -Wall -Wextra -Werror -Wno-unused-parameter -O2 -shared -static-libgcc -I. -Iwin32 "-I%JNI%" -o "%DLL%" %CORE% dx_jni.c -lws2_32 || exit /b 1
)
if not "%STAGE%"=="" (
  if not exist "%STAGE%" mkdir "%STAGE%"
  copy /y "%DLL%" "%STAGE%\" >nul || exit /b 1
)
if not "%TSTAGE%"=="" (
  if not exist "%TSTAGE%" mkdir "%TSTAGE%"
  copy /y "%DLL%" "%TSTAGE%\" >nul || exit /b 1
)
exit /b 0

:tests
echo dx-iocp: building the C tests with %DX_CC%
if /i "%DX_CC%"=="cl" (
  cl /nologo /W3 /O2 /D_CRT_SECURE_NO_WARNINGS /D_WINSOCK_DEPRECATED_NO_WARNINGS /I. "/I%TESTS%" %CORE% "%TESTS%\test_iocp.c" "%TESTS%\test_support.c" /Fo"%OUT%\\" /Fe"%OUT%\test_iocp.exe" /link ws2_32.lib || exit /b 1
  cl /nologo /W3 /O2 /D_CRT_SECURE_NO_WARNINGS /D_WINSOCK_DEPRECATED_NO_WARNINGS /Iwin32 "/I%JNI%" "/I%TESTS%" "/I%OUT%\generated" "%TESTS%\jni_harness.c" /Fo"%OUT%\\" /Fe"%OUT%\jni_harness.exe" || exit /b 1
) else (
  gcc -std=c99 -Wall -Wextra -Werror -Wno-unused-parameter -O2 -static-libgcc -I. "-I%TESTS%" -o "%OUT%\test_iocp.exe" %CORE% "%TESTS%\test_iocp.c" "%TESTS%\test_support.c" -lws2_32 || exit /b 1
  gcc -std=c99 -Wall -Wextra -Werror -Wno-unused-parameter -O2 -static-libgcc -Iwin32 "-I%JNI%" "-I%TESTS%" "-I%OUT%\generated" -o "%OUT%\jni_harness.exe" "%TESTS%\jni_harness.c" || exit /b 1
)
exit /b 0

:run
"%OUT%\test_iocp.exe" || exit /b 1
"%OUT%\jni_harness.exe" "%DLL%" || exit /b 1
exit /b 0
