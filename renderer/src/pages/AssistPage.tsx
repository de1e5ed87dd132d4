import { Pending } from '../components/Pending';

export function AssistPage() {
  return <Pending name="nav.assist" />;
}
