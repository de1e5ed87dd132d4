/** Wait forecasts (issue 13): the kiosk's estimate and the supervisor's next-hour forecast. */
export const forecastMessages = {
  'forecast.kiosk.eta': '预计等候约 {n} 分钟',
} as const;
