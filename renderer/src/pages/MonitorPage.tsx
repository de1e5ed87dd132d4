import { Pending } from '../components/Pending';

export function MonitorPage() {
  return <Pending name="nav.monitor" />;
}
