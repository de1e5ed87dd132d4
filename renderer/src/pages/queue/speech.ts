/**
 * The call announcement at the counter: a two-note chime (Web Audio, works where no voice is
 * installed), then the sentence through speechSynthesis with a zh-CN voice when there is one.
 * The sentence arrives ready to speak (numbers digit by digit) from the workstation.
 */
let audio: AudioContext | null = null;

function chime(): Promise<void> {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const notes = [880, 660];
    notes.forEach((f, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = f;
      const at = ctx.currentTime + i * 0.35;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.32);
    });
    return new Promise((r) => setTimeout(r, notes.length * 350));
  } catch {
    return Promise.resolve();
  }
}

function zhVoice(): SpeechSynthesisVoice | null {
  const voices = window.speechSynthesis?.getVoices() ?? [];
  return voices.find((v) => v.lang === 'zh-CN') ?? voices.find((v) => v.lang.toLowerCase().startsWith('zh')) ?? null;
}

export async function speak(sentence: string): Promise<void> {
  await chime();
  const synth = window.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  const u = new SpeechSynthesisUtterance(sentence);
  u.lang = 'zh-CN';
  u.rate = 0.9;
  const v = zhVoice();
  if (v) u.voice = v;
  synth.cancel();
  synth.speak(u);
}
