using System;
using System.Threading;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Guards a transformer's native modules against use after disposal. Every call that runs them holds a
    /// <see cref="Lease"/>; when the modules' lifetime ends, new leases are refused and the held ones are waited for,
    /// so disposal never frees a module under a running forward pass, and a cursor that reads on afterwards gets
    /// <see cref="ObjectDisposedException"/> instead of a call into freed memory.
    /// <para>
    /// The lifetime ends when its last holder is released. Its holders are the transformer's owner and every
    /// row-to-row mapper the transformer handed out (<see cref="HandOut"/>), and each <c>Dispose</c> of the transformer
    /// releases one (<see cref="Release"/>). That is because ML.NET's <c>PredictionEngine.Dispose</c> disposes the
    /// transformer it was made from (docs/ARCHITECTURE.md, fact 13): with one engine per thread, the first engine
    /// disposed would otherwise free the model under every other engine. An engine takes its mapper once and disposes
    /// the transformer once, so engines and the owner may dispose in any order and the model goes with the last.
    /// A mapper whose taker never disposes the transformer (an engine with <c>OwnsTransformer = false</c>) keeps the
    /// model until the garbage collector finalises its tensors.
    /// </para>
    /// </summary>
    internal sealed class ModelLifetime
    {
        private readonly object _gate = new();
        private readonly string _owner;
        private int _leases;
        private int _holders = 1;
        private bool _ended;

        /// <param name="owner">The disposed object's name, for <see cref="ObjectDisposedException"/>.</param>
        public ModelLifetime(string owner) => _owner = owner;

        /// <summary>A lease for one use of the modules; throws <see cref="ObjectDisposedException"/> once ended.</summary>
        public Lease Enter()
        {
            lock (_gate)
            {
                ThrowIfEnded();
                _leases++;
            }
            return new Lease(this);
        }

        public void ThrowIfEnded()
        {
            lock (_gate)
            {
                if (_ended)
                    throw new ObjectDisposedException(_owner, $"This {_owner} was disposed; its generator can no longer run.");
            }
        }

        /// <summary>
        /// Counts <paramref name="mapper"/>, about to be handed out, as one more holder (released by one more
        /// <see cref="Release"/>) and returns it; throws <see cref="ObjectDisposedException"/> once ended.
        /// </summary>
        public T HandOut<T>(T mapper)
        {
            lock (_gate)
            {
                ThrowIfEnded();
                _holders++;
            }
            return mapper;
        }

        /// <summary>
        /// Releases one holder. The last one ends the lifetime: new leases are refused and held ones waited for, and it
        /// returns true, once only (the caller then frees the modules). Releases after the end do nothing.
        /// </summary>
        public bool Release()
        {
            lock (_gate)
            {
                if (_ended || --_holders > 0)
                    return false;
                _ended = true;
                while (_leases > 0)
                    Monitor.Wait(_gate);
                return true;
            }
        }

        private void Exit()
        {
            lock (_gate)
            {
                if (--_leases == 0)
                    Monitor.PulseAll(_gate);
            }
        }

        /// <summary>One use of the modules; disposing it returns the lease.</summary>
        public readonly struct Lease : IDisposable
        {
            private readonly ModelLifetime _lifetime;

            internal Lease(ModelLifetime lifetime) => _lifetime = lifetime;

            public void Dispose() => _lifetime?.Exit();
        }
    }
}
