@echo off
rem Arguments as a batch file writes them: cmd.exe passes each line's text to
rem dgram.exe, which must split it as every MSVC-built program does. Each
rem send is one datagram to the calling test, which checks the bytes.
rem Usage: quoting.bat PORT TEXT   (TEXT: any argument, quoted by the caller)
set DGRAM=%~dp0dgram.exe
"%DGRAM%" send 127.0.0.1 %1 "a ""b"" c"
echo doubled_quotes %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 "say \"hi\" twice"
echo escaped_quotes %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 "C:\my dir\\"
echo backslash_before_quote %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 \\server\share\a\\b
echo literal_backslashes %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 pre"quoted  part"post
echo quotes_inside_a_word %ERRORLEVEL%
rem An empty argument is a MESSAGE of zero bytes, not a missing MESSAGE
rem (which would read standard input, here "stdin").
echo stdin| "%DGRAM%" send 127.0.0.1 %1 ""
echo empty_argument %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 %2
echo passed_through %ERRORLEVEL%
rem A word that starts with / is a MESSAGE, as on every OS, never a
rem Windows-style option (/x is not -x, /help not --help).
"%DGRAM%" send 127.0.0.1 %1 /status
echo slash_word %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 /x < NUL
echo slash_hex_flag %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 /help
echo slash_help %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 "/quoted path"
echo slash_quoted %ERRORLEVEL%
"%DGRAM%" send 127.0.0.1 %1 /m:5
echo slash_value %ERRORLEVEL%
exit /b 0
