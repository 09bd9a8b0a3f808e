# perf-collect log --format influx: InfluxDB line protocol, one point per
# numeric field, with --precision.
. "$PERFPIPE_SOURCE/tests/cli/lib.sh"

INFLUX="$DATA/perf-collect/telegraf.influx"

begin "telegraf output becomes MEASUREMENT.FIELD points; strings and booleans give none; escapes undone"
run perf-collect log --format influx --rejects rejects.influx "$INFLUX"
expect_status 0
expect_stdout <<'EOF2'
{"name":"cpu.usage_idle","value":91.5,"ts":1764060000,"tags":{"cpu":"cpu-total","host":"web-1"}}
{"name":"cpu.usage_user","value":6.25,"ts":1764060000,"tags":{"cpu":"cpu-total","host":"web-1"}}
{"name":"cpu.usage_system","value":2.25,"ts":1764060000,"tags":{"cpu":"cpu-total","host":"web-1"}}
{"name":"mem.available","value":12884901888,"ts":1764060000,"tags":{"host":"web-1"}}
{"name":"mem.total","value":17179869184,"ts":1764060000,"tags":{"host":"web-1"}}
{"name":"mem.used_percent","value":25,"ts":1764060000,"tags":{"host":"web-1"}}
{"name":"http_response.response_time","value":0.125,"ts":1764060010,"tags":{"host":"web-1","method":"GET","server":"https://shop.example.com/"}}
{"name":"http_response.http_response_code","value":200,"ts":1764060010,"tags":{"host":"web-1","method":"GET","server":"https://shop.example.com/"}}
{"name":"http_response.content_length","value":5120,"ts":1764060010,"tags":{"host":"web-1","method":"GET","server":"https://shop.example.com/"}}
{"name":"snakepit pool.queue depth","value":3,"ts":1764060010.5,"tags":{"pool":"default","region":"eu,west"}}
{"name":"weather.temperature","value":82,"ts":1764060020,"tags":{"location":"us-midwest"}}
EOF2
expect_stderr <<EOF2
perf-collect: $INFLUX:8: a field value is not a number, string or boolean
perf-collect: $INFLUX:9: a field needs "="
perf-collect: $INFLUX:10: the timestamp is not a whole number
perf-collect: $INFLUX:11: a tag needs "="
perf-collect: 4 lines rejected
EOF2
sed -n '8,11p' "$INFLUX" | expect_file rejects.influx
end

begin "--precision s, ms and us scale the timestamp"
printf '%s\n' 'a v=1 1764060000' >s.influx
printf '%s\n' 'a v=1 1764060000123' >ms.influx
printf '%s\n' 'a v=1 1764060000123456' >us.influx
run sh -c 'perf-collect log --format influx --precision s s.influx &&
	perf-collect log --format influx --precision ms ms.influx &&
	perf-collect log --format influx --precision us us.influx'
expect_status 0
expect_stdout <<'EOF2'
{"name":"a.v","value":1,"ts":1764060000}
{"name":"a.v","value":1,"ts":1764060000.123}
{"name":"a.v","value":1,"ts":1764060000.123456}
EOF2
end

begin "a line without a timestamp gets the time it was read"
printf '%s\n' 'load,host=a one=0.5' >now.influx
run perf-collect log --format influx now.influx
expect_status 0
expect_stdout_matches jq -e --argjson now "$(date +%s)" '.name == "load.one" and .ts > $now - 60 and .ts < $now + 60'
end

begin "--precision with a bad unit is a usage error"
run perf-collect log --format influx --precision h now.influx
expect_status 2
expect_stdout_empty
expect_stderr <<'EOF2'
perf-collect: --precision: "h" is not ns, us, ms or s
Try 'perf-collect --help' or 'perf-collect --usage' for more information.
EOF2
end

finish
