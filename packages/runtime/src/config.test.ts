import { baseConfig, loadConfig } from './config';

test('REDIS_URL takes either form, and names the variable when it is neither', () => {
  const env = { MONGODB_URL: 'mongodb://m/' };
  expect(loadConfig(baseConfig, { ...env, REDIS_URL: 'redis+cluster://a:7000,b:7001/' }).REDIS_URL).toBe('redis+cluster://a:7000,b:7001/');
  expect(() => loadConfig(baseConfig, { ...env, REDIS_URL: 'http://a/' })).toThrow(/REDIS_URL/);
  expect(() => loadConfig(baseConfig, { ...env, REDIS_URL: 'redis+cluster://a:7000/0' })).toThrow(/REDIS_URL/);
});

test('MONGODB_WRITE_CONCERN is majority unless a number of members is given', () => {
  const env = { MONGODB_URL: 'mongodb://m/', REDIS_URL: 'redis://r:6379' };
  expect(loadConfig(baseConfig, env).MONGODB_WRITE_CONCERN).toBe('majority');
  expect(loadConfig(baseConfig, { ...env, MONGODB_WRITE_CONCERN: '2' }).MONGODB_WRITE_CONCERN).toBe(2);
  expect(() => loadConfig(baseConfig, { ...env, MONGODB_WRITE_CONCERN: 'all' })).toThrow(/MONGODB_WRITE_CONCERN/);
});
