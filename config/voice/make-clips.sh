#!/bin/sh
# Regenerates the Mandarin prompt clips shipped in this folder (docs/voice.md).
# Needs Debian's espeak-ng and sox: apt-get install espeak-ng sox
# espeak-ng writes 22.05 kHz mono; sox trims the silence at both ends and makes each clip 16 kHz mono 16-bit
# PCM, about 32 KB a second.
set -eu
cd "$(dirname "$0")"
clip() {
    espeak-ng -v cmn -s 170 -w "$1.tmp.wav" "$2"
    sox "$1.tmp.wav" -r 16000 -c 1 -b 16 -e signed-integer "$1.wav" \
        silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse
    rm -f "$1.tmp.wav"
}
clip granted '绿码，请通行'
clip refused '红码或黄码，禁止通行，请联系工作人员'
clip unrecognised '无法识别，请重新扫码'
clip manual_check '请人工核验'
clip device_fault '设备故障，请联系工作人员'
clip show_id_card '请刷身份证'
