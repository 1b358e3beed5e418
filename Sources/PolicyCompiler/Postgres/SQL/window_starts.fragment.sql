v_month := pg_catalog.date_trunc('month', p_at, 'UTC');
v_day := pg_catalog.date_trunc('day', p_at, 'UTC');
v_hour := pg_catalog.date_trunc('hour', p_at, 'UTC');
v_minute := pg_catalog.date_trunc('minute', p_at, 'UTC');
